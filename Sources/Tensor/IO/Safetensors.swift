import Foundation

/// One tensor read from a safetensors file, converted to Float32.
public struct SafetensorsTensor: Sendable {
    public let name: String
    public let dtype: String
    public let shape: [Int]
    public let values: [Float]
}

public enum SafetensorsError: Error, CustomStringConvertible, Equatable {
    case fileTooSmall(path: String, size: Int)
    case headerLengthOutOfRange(path: String, headerLength: UInt64, fileSize: Int)
    case badHeader(path: String, reason: String)
    case badEntry(path: String, tensor: String, reason: String)
    case truncated(path: String, tensor: String, endOffset: Int, fileSize: Int)
    case unsupportedDType(path: String, tensor: String, dtype: String)

    public var description: String {
        switch self {
        case let .fileTooSmall(path, size):
            return "\(path): \(size) bytes is too small for a safetensors file (the 8-byte header length is missing)"
        case let .headerLengthOutOfRange(path, length, size):
            return "\(path): header length \(length) at byte 0 runs past the end of the \(size)-byte file"
        case let .badHeader(path, reason):
            return "\(path): bad header (bytes 8…): \(reason)"
        case let .badEntry(path, tensor, reason):
            return "\(path): tensor '\(tensor)': \(reason)"
        case let .truncated(path, tensor, end, size):
            return "\(path): truncated: tensor '\(tensor)' ends at byte \(end) but the file has \(size) bytes"
        case let .unsupportedDType(path, tensor, dtype):
            return "\(path): tensor '\(tensor)' has dtype \(dtype); supported: F32, F16, BF16"
        }
    }
}

/// The safetensors format: u64 little-endian header length N, N bytes of JSON
/// `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`, then the data.
public enum Safetensors {
    public static func read(contentsOf url: URL) throws -> (tensors: [String: SafetensorsTensor], metadata: [String: String]) {
        let path = url.path
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        guard data.count >= 8 else { throw SafetensorsError.fileTooSmall(path: path, size: data.count) }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw SafetensorsError.headerLengthOutOfRange(path: path, headerLength: headerLength, fileSize: data.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<dataStart)) as? [String: Any] else {
                throw SafetensorsError.badHeader(path: path, reason: "not a JSON object")
            }
            header = object
        } catch let error as SafetensorsError {
            throw error
        } catch {
            throw SafetensorsError.badHeader(path: path, reason: "invalid JSON")
        }
        var tensors: [String: SafetensorsTensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = value as? [String: String] ?? [:]
                continue
            }
            tensors[name] = try readTensor(name: name, entry: value, data: data, dataStart: dataStart, path: path)
        }
        return (tensors, metadata)
    }

    private static func readTensor(name: String, entry: Any, data: Data, dataStart: Int, path: String) throws -> SafetensorsTensor {
        guard let fields = entry as? [String: Any],
              let dtype = fields["dtype"] as? String,
              let shape = fields["shape"] as? [Int],
              let offsets = fields["data_offsets"] as? [Int], offsets.count == 2
        else { throw SafetensorsError.badEntry(path: path, tensor: name, reason: "needs dtype, shape and data_offsets [begin, end]") }
        let bytesPerElement: Int
        switch dtype {
        case "F32": bytesPerElement = 4
        case "F16", "BF16": bytesPerElement = 2
        default: throw SafetensorsError.unsupportedDType(path: path, tensor: name, dtype: dtype)
        }
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[1] - offsets[0] == count * bytesPerElement else {
            throw SafetensorsError.badEntry(path: path, tensor: name,
                reason: "data_offsets \(offsets) do not hold shape \(shape) of \(dtype)")
        }
        let begin = dataStart + offsets[0], end = dataStart + offsets[1]
        guard end <= data.count else {
            throw SafetensorsError.truncated(path: path, tensor: name, endOffset: end, fileSize: data.count)
        }
        var values = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            let bytes = raw.baseAddress! + begin
            for i in 0..<count {
                switch dtype {
                case "F32": values[i] = Float(bitPattern: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian)
                case "F16": values[i] = Float(Float16(bitPattern: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian))
                default: values[i] = Float(bitPattern: UInt32(bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian) << 16)
                }
            }
        }
        return SafetensorsTensor(name: name, dtype: dtype, shape: shape, values: values)
    }

    /// Writes Float32 tensors in the given order, atomically.
    public static func write(
        _ tensors: [(name: String, shape: [Int], values: UnsafeBufferPointer<Float>)],
        metadata: [String: String] = [:], to url: URL
    ) throws {
        var header: [String: Any] = [:]
        var offset = 0
        for tensor in tensors {
            let size = tensor.values.count * 4
            header[tensor.name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + size]] as [String: Any]
            offset += size
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var headerBytes = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }
        var file = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(headerBytes)
        for tensor in tensors {
            file.append(contentsOf: UnsafeRawBufferPointer(tensor.values))  // x86-64 and arm64 are little-endian
        }
        try AtomicFile.write(file, to: url)
    }
}
