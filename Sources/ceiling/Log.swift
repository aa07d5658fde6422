import Foundation
import Logging

/// Messages about what a command did (files written, runs resumed) go to standard error through
/// swift-log; standard output keeps the results (tables, JSON, progress of the main job).
/// CEILING_LOG_LEVEL (trace … critical, default info) sets the threshold.
enum Log {
    static let ceiling: Logger = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["CEILING_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        return Logger(label: "ceiling")
    }()
}
