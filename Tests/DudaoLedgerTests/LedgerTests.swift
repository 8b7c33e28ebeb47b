import Testing
@testable import DudaoLedger
