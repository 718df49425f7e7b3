import SOPCore

/// A JSON-RPC request id: a number or a string, echoed back unchanged in the response.
public enum RequestID: Hashable, Sendable {
    case int(Int)
    case string(String)

    public init?(_ json: JSONValue?) {
        switch json {
        case .int(let i)?: self = .int(i)
        case .string(let s)?: self = .string(s)
        case let value? where value.int != nil: self = .int(value.int!)
        default: return nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        }
    }
}

/// One JSON-RPC 2.0 message, as the server receives it.
public enum Message: Sendable {
    case request(id: RequestID, method: String, params: JSONValue)
    case notification(method: String, params: JSONValue)
    /// A response to a request the server sent (the server sends none that need an answer, so these are
    /// read and dropped).
    case response(id: RequestID?, result: JSONValue?, error: JSONValue?)

    /// Classifies a decoded message; `nil` when it is not a JSON-RPC message at all.
    public init?(_ json: JSONValue) {
        guard case .object = json else { return nil }
        let params = json["params"] ?? .null
        if let method = json["method"]?.string {
            if let id = RequestID(json["id"]) {
                self = .request(id: id, method: method, params: params)
            } else {
                self = .notification(method: method, params: params)
            }
        } else if json["result"] != nil || json["error"] != nil {
            self = .response(id: RequestID(json["id"]), result: json["result"], error: json["error"])
        } else {
            return nil
        }
    }
}

/// Builders for the messages the server sends.
public enum Outgoing {
    public static func response(id: RequestID?, result: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id?.json ?? .null), ("result", result)])
    }

    public static func error(id: RequestID?, code: ErrorCode, message: String) -> JSONValue {
        .object([
            ("jsonrpc", .string("2.0")), ("id", id?.json ?? .null),
            ("error", .object([("code", .int(code.rawValue)), ("message", .string(message))])),
        ])
    }

    public static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }
}

/// The JSON-RPC and LSP error codes the server answers with.
public enum ErrorCode: Int, Sendable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestCancelled = -32800
    case contentModified = -32801
    case requestFailed = -32803
}
