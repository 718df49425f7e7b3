import SOPGraph

/// What the QA review keeps of the replayed rows: counted per batch by a worker, merged in input order.
///
/// Most of the review is additive and counted on the fly: trends per day and labeler, handling times per
/// labeler, accuracy against gold. What needs every row is kept compact: one `ItemLabel` (12 bytes) per
/// row with an id, to group labels by item after the pass (several labelers per item, and the consensus
/// rule of the root causes), and one `DisagreementRow` per disagreement for its root cause. Numbers of
/// items and labelers are a batch's own while a worker holds the tally, the run's after the merge.
struct ReviewTally: Sendable {
    /// Item ids, numbered in first-seen order.
    var items = ByteInterner()
    /// The SOP's outcome on each item's first row.
    var itemSOP: [Int16] = []
    /// A batch's labels on items, in input order, with lines relative to `itemLineBase`.
    var itemRows: [ItemLabel] = []
    var itemLineBase = 0
    /// After merging: the batches' `itemRows`, in input order (kept as they came: no copy into one array).
    var itemChunks: [ItemChunk] = []
    /// Every disagreement, in input order.
    var disagreements: [DisagreementRow] = []
    var trends = TrendTally(outcomes: 0)
    /// Handling times per labeler + 1 (0: rows without a labeler), in input order.
    var durations: [[Float]] = [[]]
    var gold = GoldTally()
    /// After merging: the bytes the item table costs (`rowBytes` a row, `itemBytes` plus its length an
    /// id), the line of the first row with an id that did not fit in `ReplayOptions.maxItemBytes`, and the
    /// rows with an id from it on, which are not grouped by item.
    var itemTableBytes = 0
    var firstUngroupedLine: Int?
    var ungroupedRows = 0
    /// A grouped row's cost: its `ItemLabel` and, while the review groups labels by item, its `Vote`.
    static let rowBytes = MemoryLayout<ItemLabel>.stride + MemoryLayout<Vote>.stride
    /// A new id's cost besides its bytes: its end offset, hash slots (at most half full), SOP outcome, and
    /// the two offsets per item of the grouping.
    static let itemBytes = 48

    init(outcomes: Int) {
        trends = TrendTally(outcomes: outcomes)
    }

    /// Adds a later batch's rows and counts; `labelers` maps its labeler numbers to this tally's.
    mutating func merge(_ b: ReviewTally, labelers: [Int32], gold set: GoldSet?, maxListed: Int, period: ReviewPeriod,
                        maxPeriods: Int, maxItemBytes: Int) {
        func labeler(_ l: Int32) -> Int32 { l >= 0 ? labelers[Int(l)] : l }
        // The batch's rows join the item table in input order while they fit in `maxItemBytes`; from the
        // first that does not, no later row does (the rows grouped are the run's first, whatever the batches).
        // The rows grouped are a prefix of the batch's, kept as the worker wrote them (no copy): they are
        // renumbered as they are read.
        var itemMap: [Int32]
        var grouped = 0
        let rowsCost = b.itemRows.count * Self.rowBytes
        let newItemsCostAtMost = b.items.count * Self.itemBytes + b.items.byteCount
        if firstUngroupedLine == nil && itemTableBytes + rowsCost + newItemsCostAtMost <= maxItemBytes {
            // Every row fits even if every id is new: all of them at once.
            let before = items.count
            itemMap = items.intern(all: b.items)
            // Items new to the run are numbered after every earlier one, in the batch's order.
            for (k, g) in itemMap.enumerated() where Int(g) >= before {
                itemSOP.append(b.itemSOP[k])
                itemTableBytes += b.items.withBytes(k) { $0.count } + Self.itemBytes
            }
            itemTableBytes += rowsCost
            grouped = b.itemRows.count
        } else {
            itemMap = [Int32](repeating: -1, count: b.items.count)
            for row in b.itemRows {
                guard firstUngroupedLine == nil else { break }
                let k = Int(row.item)
                if itemMap[k] < 0 {
                    let known = b.items.withBytes(k) { items.number(ofNormal: $0.baseAddress, $0.count) }
                    let cost = Self.rowBytes + (known == nil ? b.items.withBytes(k) { $0.count } + Self.itemBytes : 0)
                    if itemTableBytes + cost > maxItemBytes {
                        firstUngroupedLine = b.itemLineBase + Int(row.line)
                        break
                    }
                    let g = known ?? b.items.withBytes(k) { items.intern($0.baseAddress, $0.count) }
                    if g == itemSOP.count { itemSOP.append(b.itemSOP[k]) }
                    itemMap[k] = Int32(truncatingIfNeeded: g)
                    itemTableBytes += cost
                } else {
                    if itemTableBytes + Self.rowBytes > maxItemBytes {
                        firstUngroupedLine = b.itemLineBase + Int(row.line)
                        break
                    }
                    itemTableBytes += Self.rowBytes
                }
                grouped += 1
            }
            ungroupedRows += b.itemRows.count - grouped
        }
        if grouped > 0 {
            let rows = grouped == b.itemRows.count ? b.itemRows : Array(b.itemRows[..<grouped])
            itemChunks.append(ItemChunk(rows: rows, lineBase: b.itemLineBase, items: itemMap, labelers: labelers))
        }
        // Appended one by one, so the array grows geometrically (reserving the exact count per batch would
        // copy all the rows so far at every batch).
        for var d in b.disagreements {
            // A row past the item table has no item: the consensus of its item's other labels is unknown.
            if d.item >= 0 { d.item = firstUngroupedLine.map { d.line >= $0 } == true ? -1 : itemMap[Int(d.item)] }
            d.labeler = labeler(d.labeler)
            disagreements.append(d)
        }
        trends.merge(b.trends, labelers: labelers, period: period, maxPeriods: maxPeriods)
        for (l, list) in b.durations.enumerated() where !list.isEmpty {
            // An untracked labeler's times count for everyone (series 0) only.
            let to = l == 0 ? 0 : max(0, Int(labelers[l - 1]) + 1)
            while durations.count <= to { durations.append([]) }
            durations[to] += list
        }
        gold.merge(b.gold, labelers: labelers, entries: set?.count ?? 0, maxListed: maxListed)
    }
}

/// One replayed row's label on an item.
struct ItemLabel: Sendable {
    /// Relative to its batch (a batch is a few megabytes).
    var line: Int32
    var item: Int32
    /// -1 without a labeler.
    var labeler: Int32
    var label: Int16
}

/// One batch's labels on items, numbered as the batch numbered its items and labelers, with the maps to
/// the run's numbers.
struct ItemChunk: Sendable {
    let rows: [ItemLabel]
    let lineBase: Int
    let items: [Int32]
    let labelers: [Int32]

    /// The `i`th row with the run's item and labeler numbers and its line in the input.
    @inline(__always)
    func row(_ i: Int) -> (item: Int32, labeler: Int32, label: Int16, line: Int) {
        let r = rows[i]
        return (items[Int(r.item)], r.labeler >= 0 ? labelers[Int(r.labeler)] : r.labeler, r.label, lineBase + Int(r.line))
    }
}

/// One label on an item, once grouped by item.
struct Vote: Sendable {
    var labeler: Int32
    var label: Int16
}

/// One disagreement, reduced to what its root cause and the trends per node need.
struct DisagreementRow: Sendable {
    var line: Int
    /// -1 without an id.
    var item: Int32
    /// -1 without a labeler.
    var labeler: Int32
    /// UTC day of the row's time (days since 1970-01-01); `Int32.min` without one.
    var day: Int32
    /// The divergence node; -2 when no node on the SOP's path leads to the label.
    var node: Int32
    /// The SOP's branch at `node`.
    var branch: Int16
    var label: Int16
    var sop: Int16
    /// The item's gold outcome, or -1.
    var gold: Int16
}

/// Rows, agreeing rows and the marginals of kappa per time and series (0: everyone, 1 + labeler): one
/// cell per pair that occurs (a sparse table: many labelers over many days cost only the cells they use).
///
/// A batch's tally is keyed by the UTC day of its rows (cheap per row); the merged tally by trend period
/// (`ReviewPeriod.key(ofDay:)`), and it keeps only the latest periods (`ReplayOptions.maxPeriods`): a
/// time column spanning thousands of years would otherwise make a cell per day and labeler.
struct TrendTally: Sendable {
    let outcomes: Int
    /// Each cell's day and series: `UInt32(bitPattern: day) << 32 | series`.
    private(set) var keys: [UInt64] = []
    /// `cell * stride`: rows, agreeing rows, rows per SOP outcome, rows per label.
    private var counts: [Int] = []
    /// Open addressing: cell + 1, 0 empty.
    private var slots = [Int32](repeating: 0, count: 64)
    private var stride: Int { 2 + 2 * outcomes }

    init(outcomes: Int) { self.outcomes = outcomes }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The cell of `key`, added if new.
    @inline(__always)
    private mutating func cell(_ key: UInt64) -> Int {
        let mask = slots.count - 1
        var i = Self.slot(key, mask)
        while slots[i] != 0 {
            let c = Int(slots[i]) - 1
            if keys[c] == key { return c }
            i = (i + 1) & mask
        }
        let c = keys.count
        keys.append(key)
        counts += repeatElement(0, count: stride)
        slots[i] = Int32(c + 1)
        if keys.count * 2 > slots.count { rehash(size: slots.count * 2) }
        return c
    }

    private mutating func rehash(size: Int) {
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (n, k) in keys.enumerated() {
            var j = Self.slot(k, mask)
            while slots[j] != 0 { j = (j + 1) & mask }
            slots[j] = Int32(n + 1)
        }
    }

    @inline(__always)
    private static func key(day: Int32, series: Int) -> UInt64 { UInt64(UInt32(bitPattern: day)) << 32 | UInt64(series) }

    /// Counts one row for everyone and, with `labeler` ≥ 0, for its labeler.
    @inline(__always)
    mutating func add(day: Int32, labeler: Int32, sop: Int, label: Int, agree: Bool) {
        let everyone = cell(Self.key(day: day, series: 0)) * stride
        let own = labeler >= 0 ? cell(Self.key(day: day, series: Int(labeler) + 1)) * stride : -1
        let a = agree ? 1 : 0, sop = 2 + sop, label = 2 + outcomes + label
        // One uniqueness check for the row's eight counts.
        counts.withUnsafeMutableBufferPointer { c in
            @inline(__always) func count(_ base: Int) {
                c[base] += 1
                c[base + 1] += a
                c[base + sop] += 1
                c[base + label] += 1
            }
            count(everyone)
            if own >= 0 { count(own) }
        }
    }

    /// Adds a batch's cells (keyed by day) to this merged tally (keyed by `period`), then drops the
    /// earliest periods once there are twice `maxPeriods`: a dropped period has `maxPeriods` later ones
    /// already, so it is never among the latest `maxPeriods` of the run, whatever the batches.
    mutating func merge(_ b: TrendTally, labelers: [Int32], period: ReviewPeriod, maxPeriods: Int) {
        let before = periodCount
        // Cells come grouped by day mostly: the last day's period is remembered.
        var lastDay: Int32?, lastPeriod: UInt64 = 0
        for (bc, k) in b.keys.enumerated() {
            let series = Int(k & 0xFFFF_FFFF)
            let mapped = series == 0 ? 0 : Int(labelers[series - 1]) + 1
            // An untracked labeler's rows are already in the series of everyone.
            if mapped < 0 { continue }
            let day = Int32(bitPattern: UInt32(truncatingIfNeeded: k >> 32))
            if day != lastDay {
                lastDay = day
                lastPeriod = Self.key(day: Int32(clamping: period.key(ofDay: Int(day))), series: 0)
            }
            let n = keys.count
            let to = cell(lastPeriod | UInt64(mapped)) * stride
            if keys.count > n && mapped == 0 { periodCount += 1 }
            for i in 0..<stride { counts[to + i] += b.counts[bc * stride + i] }
        }
        if periodCount > before && periodCount > 2 * max(1, maxPeriods) { keepLatest(maxPeriods) }
    }

    /// Distinct times in the series of everyone (every row counts there, so it has every time).
    private(set) var periodCount = 0

    /// The times of the series of everyone, latest first.
    func timesLatestFirst() -> [Int32] {
        keys.filter { $0 & 0xFFFF_FFFF == 0 }.map { Int32(bitPattern: UInt32(truncatingIfNeeded: $0 >> 32)) }.sorted(by: >)
    }

    /// Drops every cell of a time earlier than the latest `count`.
    mutating func keepLatest(_ count: Int) {
        let times = timesLatestFirst()
        guard times.count > count else { return }
        let cut = count > 0 ? times[count - 1] : .max
        var kept: [UInt64] = [], keptCounts: [Int] = []
        for (c, k) in keys.enumerated() where Int32(bitPattern: UInt32(truncatingIfNeeded: k >> 32)) >= cut {
            kept.append(k)
            keptCounts += counts[c * stride..<(c + 1) * stride]
        }
        keys = kept
        counts = keptCounts
        periodCount = min(count, times.count)
        var size = 64
        while keys.count * 2 > size { size *= 2 }
        rehash(size: size)
    }

    /// Every cell: its time (a day in a batch's tally, a period key once merged), its series (0: everyone,
    /// 1 + labeler), and its counts added into `into`.
    func forEachCell(_ body: (_ time: Int32, _ series: Int, _ add: (inout LabelerTally) -> Void) -> Void) {
        for (c, k) in keys.enumerated() {
            let base = c * stride
            body(Int32(bitPattern: UInt32(truncatingIfNeeded: k >> 32)), Int(k & 0xFFFF_FFFF)) { cell in
                cell.samples += counts[base]
                cell.agree += counts[base + 1]
                for i in 0..<outcomes {
                    cell.sop[i] += counts[base + 2 + i]
                    cell.label[i] += counts[base + 2 + outcomes + i]
                }
            }
        }
    }
}

/// Accuracy against the gold set, counted over the rows whose id is in it.
struct GoldTally: Sendable {
    /// Rows and correct ones: the SOP, all labels, the AI.
    var sop = (rows: 0, correct: 0)
    var labels = (rows: 0, correct: 0)
    var ai = (rows: 0, correct: 0)
    /// Per labeler number.
    var labelers: [(rows: Int, correct: Int)] = []
    /// Rows where the SOP's outcome differs from gold, per node where it parts from gold (-2: none on its path).
    var defects = 0
    var defectNodes: [Int: Int] = [:]
    /// The first defects by id, then line.
    var defectCases: [QAReview.GoldDefect] = []
    /// Gold entries some row matched: a batch lists them (repeats allowed), the merge marks them.
    var hits: [Int32] = []
    var matched: [Bool] = []
    var matchedCount = 0

    /// Counts one row on an item with gold outcome `gold`.
    @inline(__always)
    mutating func add(entry: Int, gold: Int, sop outcome: Int, label: Int, ai: Int?, labeler: Int32) {
        hits.append(Int32(truncatingIfNeeded: entry))
        sop.rows += 1
        if outcome == gold { sop.correct += 1 }
        labels.rows += 1
        if label == gold { labels.correct += 1 }
        if let ai {
            self.ai.rows += 1
            if ai == gold { self.ai.correct += 1 }
        }
        if labeler >= 0 {
            let l = Int(labeler)
            while labelers.count <= l { labelers.append((0, 0)) }
            labelers[l].rows += 1
            if label == gold { labelers[l].correct += 1 }
        }
    }

    mutating func merge(_ b: GoldTally, labelers map: [Int32], entries: Int, maxListed: Int) {
        sop.rows += b.sop.rows
        sop.correct += b.sop.correct
        labels.rows += b.labels.rows
        labels.correct += b.labels.correct
        ai.rows += b.ai.rows
        ai.correct += b.ai.correct
        for (l, c) in b.labelers.enumerated() where c.rows > 0 && map[l] >= 0 {
            let to = Int(map[l])
            while labelers.count <= to { labelers.append((0, 0)) }
            labelers[to].rows += c.rows
            labelers[to].correct += c.correct
        }
        defects += b.defects
        for (node, n) in b.defectNodes { defectNodes[node, default: 0] += n }
        defectCases.keepFirst(b.defectCases, max: maxListed, by: QAReview.GoldDefect.precedes)
        if matched.count < entries { matched = [Bool](repeating: false, count: entries) }
        for e in b.hits where !matched[Int(e)] {
            matched[Int(e)] = true
            matchedCount += 1
        }
    }
}

extension QAReview.GoldDefect {
    /// Report order: by id (numbers by value), then line.
    static func precedes(_ a: Self, _ b: Self) -> Bool {
        let c = IDOrder.compare(a.id, b.id)
        return c != 0 ? c < 0 : a.line < b.line
    }
}
