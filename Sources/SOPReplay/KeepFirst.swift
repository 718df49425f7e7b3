extension Array {
    /// Adds `more` and keeps the `max` elements that sort first by `precedes`, sorted: the same list
    /// whatever the batch sizes or the order the batches come in. Memory stays within twice `max`.
    mutating func keepFirst(_ more: some Sequence<Element>, max: Int, by precedes: (Element, Element) -> Bool) {
        guard max > 0 else { return removeAll() }
        // Once the list is full and sorted, its last entry bounds what can still get in.
        var bound: Element? = count >= max ? last : nil
        var added = false
        for r in more {
            if let b = bound, !precedes(r, b) { continue }
            append(r)
            added = true
            if count >= 2 * max {
                sort(by: precedes)
                removeLast(count - max)
                bound = last
            }
        }
        guard added else { return }
        sort(by: precedes)
        if count > max { removeLast(count - max) }
    }
}
