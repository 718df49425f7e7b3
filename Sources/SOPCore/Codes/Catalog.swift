extension DiagnosticCode {
    /// Every diagnostic code, in the order the documentation lists them. Add a code here when you add its file.
    public static let all: [DiagnosticCode] = [
        .syntaxError,
        .unknownKey,
        .duplicateKey,
        .missingKey,
        .invalidValue,
        .duplicateID,
        .undefinedReference,
        .typeMismatch,
        .unknownEnumValue,
        .cycle,
        .unreachableNode,
        .unusedOutcome,
        .unusedInput,
        .importError,
        .duplicateCase,
        .missingCase,
        .deadBranch,
        .ambiguousBranches,
        .incompleteNode,
        .unreachableOutcome,
        .redundantGuard,
        .exampleMismatch,
        .analysisLimit,
        .analysisSkipped,
    ]
}
