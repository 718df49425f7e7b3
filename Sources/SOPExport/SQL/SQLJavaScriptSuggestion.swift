import SOPCore

/// `Spelling.suggestion` as the body of a JavaScript function, for engines whose plain queries have
/// neither higher-order list functions nor recursion in a correlated subquery but run JavaScript user
/// functions (BigQuery's `CREATE TEMP FUNCTION … LANGUAGE js`): `(word, candidates)` to the candidate
/// sopc would suggest, or null.
///
/// It is `Spelling.suggestion` and its bounded distance line for line: by Unicode scalars (code points),
/// ASCII letters lowered by hand and other scalars by their full lowercase mapping; the length window,
/// at most `Spelling.maximumCandidates` candidates measured, ties to the earlier candidate; the common
/// prefix and suffix set aside and only cells near the diagonal computed. `Tests/e2e/test_sql_dialects.py`
/// runs this body in headless Chromium against `sopc replay`'s hints.
///
/// No line of it ends with `;`, so the export's statement-splitting rule holds (docs/sql.md).
enum SQLJavaScriptSuggestion {
    /// The function's name in the script.
    static let name = "sop_suggestion"

    static let body = """
    if (word === null || candidates === null) return null
    const scalars = s => Array.from(s)
    const fold = s => scalars(s).flatMap(c => {
      const v = c.codePointAt(0)
      if (v < 128) return [v >= 65 && v <= 90 ? String.fromCodePoint(v + 32) : c]
      return scalars(c.toLowerCase())
    })
    const distance = (a, b, limit) => {
      if (Math.abs(a.length - b.length) > limit) return null
      let s = 0
      while (s < a.length && s < b.length && a[s] === b[s]) s++
      a = a.slice(s)
      b = b.slice(s)
      let e = 0
      while (e < a.length && e < b.length && a[a.length - 1 - e] === b[b.length - 1 - e]) e++
      a = a.slice(0, a.length - e)
      b = b.slice(0, b.length - e)
      if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length)
      const n = a.length, m = b.length, outside = limit + 1
      let pp = new Array(m + 1).fill(outside)
      let p = Array.from({length: m + 1}, (_, j) => Math.min(j, outside))
      let c = new Array(m + 1).fill(outside)
      for (let i = 1; i <= n; i++) {
        const low = Math.max(1, i - limit), high = Math.min(m, i + limit)
        c[0] = Math.min(i, outside)
        if (low > 1) c[low - 1] = outside
        let rowMinimum = c[0]
        for (let j = low; j <= high; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1
          let d = Math.min(p[j] + 1, c[j - 1] + 1, p[j - 1] + cost)
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, pp[j - 2] + 1)
          c[j] = Math.min(d, outside)
          rowMinimum = Math.min(rowMinimum, c[j])
        }
        if (high < m) c[high + 1] = outside
        if (rowMinimum > limit) return null
        const t = pp
        pp = p
        p = c
        c = t
      }
      return p[m] <= limit ? p[m] : null
    }
    const length = scalars(word).length
    if (length > \(Spelling.maximumLength)) return null
    const limit = Math.max(1, Math.min(3, Math.floor((length + 2) / 3)))
    const lowered = fold(word)
    const nfc = word.normalize('NFC')
    let best = null, bestDistance = 0, measured = 0
    for (const candidate of candidates) {
      if (candidate === null || candidate === nfc) continue
      if (Math.abs(scalars(candidate).length - length) > limit) continue
      measured += 1
      if (measured > \(Spelling.maximumCandidates)) break
      const bound = Math.min(limit, best === null ? Infinity : bestDistance - 1)
      if (bound < 0) break
      const d = distance(lowered, fold(candidate), bound)
      if (d !== null) {
        best = candidate
        bestDistance = d
      }
    }
    return best
    """
}
