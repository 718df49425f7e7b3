#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Runs batches of records through worker threads and hands each batch's result back in input order:
/// the streaming driver shared by `Replayer` (tallies) and `CaseRunner` (per-row output).
///
/// Workers process batches while the calling thread reads the next ones and consumes finished ones in
/// input order. At most `jobs + 2` batches are read but not yet consumed, which bounds memory; buffers of
/// consumed batches are reused for reading, so no fresh pages are faulted in per batch.
enum BatchPipeline {
    static func run<R: Sendable>(
        _ reader: inout Replayer.BatchReader,
        jobs: Int,
        process: @escaping @Sendable ([UInt8]) -> R,
        consume: (R) throws -> Void
    ) throws {
        if jobs <= 1 {
            var spare: [UInt8] = []
            while let batch = try reader.next(reusing: &spare) {
                try consume(process(batch))
                spare = batch
            }
            return
        }
        let window = jobs + 2
        let workers = DispatchSemaphore(value: jobs)
        let pool = DispatchQueue(label: "sopc.batch.workers", attributes: .concurrent)
        var inFlight: [(done: DispatchSemaphore, slot: ResultSlot<R>)] = []
        var spares: [[UInt8]] = []
        func consumeFirst() throws {
            let (done, slot) = inFlight.removeFirst()
            done.wait()
            if let (r, buffer) = slot.take() {
                spares.append(buffer)
                try consume(r)
            }
        }
        do {
            while true {
                var spare = spares.popLast() ?? []
                guard let batch = try reader.next(reusing: &spare) else { break }
                while inFlight.count >= window { try consumeFirst() }
                let done = DispatchSemaphore(value: 0)
                let slot = ResultSlot<R>()
                inFlight.append((done, slot))
                pool.async {
                    workers.wait()
                    slot.put(process(batch), batch)
                    workers.signal()
                    done.signal()
                }
                // Consume whatever is already finished without waiting.
                while let head = inFlight.first, head.done.wait(timeout: .now()) == .success {
                    head.done.signal()
                    try consumeFirst()
                }
            }
            while !inFlight.isEmpty { try consumeFirst() }
        } catch {
            // Let running workers finish before the error leaves.
            for (done, _) in inFlight { done.wait() }
            throw error
        }
    }

    /// Calls `body` with each non-blank record of a batch (without its line break and trailing `\r`) and
    /// its line number relative to the batch (1-based); returns the batch's line breaks. CSV records may
    /// span lines inside quotes.
    @inline(__always)
    static func forEachRecord(
        _ all: UnsafeBufferPointer<UInt8>, csv: Bool,
        _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) -> Int {
        guard let base = all.baseAddress else { return 0 }
        let n = all.count
        var start = 0
        var newlines = 0
        while start < n {
            let line = newlines + 1
            var end: Int
            if csv {
                // A record without quotes ends at the next line break; only quoted ones need a scan.
                let nl = memchr(base + start, 0x0A, n - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                end = start
                var inQuotes = false
                if memchr(base + start, 0x22, nl - start) == nil { end = nl }
                while end < n {
                    let c = all[end]
                    if c == UInt8(ascii: "\"") { inQuotes.toggle() } else if c == 0x0A {
                        if !inQuotes { break }
                        newlines += 1
                    }
                    end += 1
                }
            } else if let hit = memchr(base + start, 0x0A, n - start) {
                end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                end = n
            }
            if end < n { newlines += 1 }
            var recordEnd = end
            if recordEnd > start && all[recordEnd - 1] == 0x0D { recordEnd -= 1 }
            let record = UnsafeBufferPointer(rebasing: all[start..<recordEnd])
            start = end + 1
            if Replayer.isBlank(record) { continue }
            body(record, line)
        }
        return newlines
    }
}

/// One batch's result, handed from a worker to the consuming thread.
private final class ResultSlot<R: Sendable>: Sendable {
    private let value = Mutex<(R, [UInt8])?>(nil)
    func put(_ r: R, _ buffer: [UInt8]) { value.withLock { $0 = (r, buffer) } }
    func take() -> (R, [UInt8])? { value.withLock { v in defer { v = nil }; return v } }
}
