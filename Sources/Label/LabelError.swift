import Foundation

/// Problems with labeling input files, settings and the database, each naming what is wrong.
public enum LabelError: Error, CustomStringConvertible, Equatable {
    /// A line of a tasks file is not a valid task.
    case invalidTask(path: String, line: Int, field: String, reason: String)
    /// The tasks file has no tasks.
    case noTasks(path: String)
    /// Two tasks share an id.
    case duplicateTaskID(path: String, line: Int, id: String, firstLine: Int)
    /// A file could not be read (guidelines, tasks).
    case unreadableFile(path: String, reason: String)
    /// A command-line setting is out of range.
    case invalidSetting(name: String, reason: String)
    /// An annotator name is taken or not acceptable.
    case invalidAnnotator(name: String, reason: String)
    /// The database could not be opened, migrated or written.
    case database(path: String, reason: String)
    /// Export found nothing to write.
    case nothingToExport(path: String)

    public var description: String {
        switch self {
        case .invalidTask(let path, let line, let field, let reason):
            return "\(path):\(line): invalid \"\(field)\": \(reason)"
        case .noTasks(let path):
            return "\(path): no tasks (the file is empty or has only blank lines)"
        case .duplicateTaskID(let path, let line, let id, let firstLine):
            return "\(path):\(line): task id \"\(id)\" is already used on line \(firstLine)"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the file: \(reason)"
        case .invalidSetting(let name, let reason):
            return "\(name): \(reason)"
        case .invalidAnnotator(let name, let reason):
            return "annotator \"\(name)\": \(reason)"
        case .database(let path, let reason):
            return "\(path): database error: \(reason)"
        case .nothingToExport(let path):
            return "\(path): no labels to export"
        }
    }
}
