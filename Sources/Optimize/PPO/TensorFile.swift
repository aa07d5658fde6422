import Foundation
import Model
import Tensor

/// Named tensors of a safetensors file copied into a buffer laid out by `layout`; anything missing
/// or misshapen is an error naming the file and tensor.
enum TensorFile {
    static func write(_ buffers: [(prefix: String, buffer: FloatBuffer)], layout: TensorLayout, to url: URL) throws {
        var entries: [(name: String, shape: [Int], values: UnsafeBufferPointer<Float>)] = []
        for (prefix, buffer) in buffers {
            for spec in layout.specs {
                entries.append((prefix + spec.name, spec.shape, UnsafeBufferPointer(start: buffer.pointer + spec.offset, count: spec.count)))
            }
        }
        try withExtendedLifetime(buffers) { try Safetensors.write(entries, to: url) }
    }

    static func read(_ url: URL, into buffers: [(prefix: String, buffer: FloatBuffer)], layout: TensorLayout) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError.missingFile(path: url.path) }
        let (tensors, _) = try Safetensors.read(contentsOf: url)
        for (prefix, buffer) in buffers {
            for spec in layout.specs {
                guard let tensor = tensors[prefix + spec.name] else { throw CheckpointError.missingTensor(path: url.path, tensor: prefix + spec.name) }
                guard tensor.shape == spec.shape else {
                    throw CheckpointError.shapeMismatch(path: url.path, tensor: prefix + spec.name, expected: spec.shape, found: tensor.shape)
                }
                tensor.values.withUnsafeBufferPointer { (buffer.pointer + spec.offset).update(from: $0.baseAddress!, count: spec.count) }
            }
        }
    }
}
