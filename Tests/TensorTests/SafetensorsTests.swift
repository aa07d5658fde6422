import Foundation
import XCTest
@testable import Tensor

final class SafetensorsTests: XCTestCase {
    func testReadsFloatTypesWrittenByPython() throws {
        let (tensors, _) = try Safetensors.read(contentsOf: Fixtures.tensor.appendingPathComponent("dtypes.safetensors"))
        let expected: [Float] = [0, 1, -2.5, 3.140625, -0.0078125, 65504]
        for name in ["f32", "f16", "bf16"] {
            let tensor = try XCTUnwrap(tensors[name])
            XCTAssertEqual(tensor.shape, [2, 3], name)
            if name == "bf16" {  // bf16 keeps 8 mantissa bits: 3.140625 and 65504 round
                XCTAssertEqual(tensor.values, [0, 1, -2.5, 3.140625, -0.0078125, 65536], name)
            } else {
                XCTAssertEqual(tensor.values, expected, name)
            }
        }
        XCTAssertEqual(tensors["scalar"]?.shape, [])
        XCTAssertEqual(tensors["scalar"]?.values, [7])
    }

    func testRoundTripAndAtomicWrite() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("t.safetensors")
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [-1]
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try Safetensors.write([("a", [2, 3], pa), ("b", [1], pb)], metadata: ["format": "pt"], to: url)
            }
        }
        let (tensors, metadata) = try Safetensors.read(contentsOf: url)
        XCTAssertEqual(tensors["a"]?.values, a)
        XCTAssertEqual(tensors["a"]?.shape, [2, 3])
        XCTAssertEqual(tensors["b"]?.values, b)
        XCTAssertEqual(metadata, ["format": "pt"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["t.safetensors"], "no temporary file left")
    }

    func testErrorsNameTheProblem() throws {
        let folder = try temporaryFolder()
        let good = Fixtures.tensor.appendingPathComponent("dtypes.safetensors")
        let bytes = try Data(contentsOf: good)
        func write(_ data: Data) throws -> URL {
            let url = folder.appendingPathComponent("bad-\(UUID().uuidString).safetensors")
            try data.write(to: url)
            return url
        }
        func header(_ json: String, dataBytes: Int = 0) -> Data {
            var data = Data()
            withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(Data(json.utf8))
            data.append(Data(count: dataBytes))
            return data
        }

        let small = try write(Data([1, 2, 3]))
        XCTAssertThrowsError(try Safetensors.read(contentsOf: small)) {
            XCTAssertEqual($0 as? SafetensorsError, .fileTooSmall(path: small.path, size: 3))
        }
        let tooLong = try write(Data([255, 0, 0, 0, 0, 0, 0, 0, 123]))
        XCTAssertThrowsError(try Safetensors.read(contentsOf: tooLong)) {
            XCTAssertEqual($0 as? SafetensorsError, .headerLengthOutOfRange(path: tooLong.path, headerLength: 255, fileSize: 9))
        }
        let notJSON = try write(header("{not json"))
        XCTAssertThrowsError(try Safetensors.read(contentsOf: notJSON)) {
            XCTAssertEqual($0 as? SafetensorsError, .badHeader(path: notJSON.path, reason: "invalid JSON"))
        }
        let truncated = try write(bytes.prefix(bytes.count - 10))
        XCTAssertThrowsError(try Safetensors.read(contentsOf: truncated)) { error in
            guard case let .truncated(path, _, end, size)? = error as? SafetensorsError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, truncated.path)
            XCTAssertEqual(size, bytes.count - 10)
            XCTAssertGreaterThan(end, size)
            XCTAssertTrue("\(error)".contains("truncated"))
        }
        let wrongSize = try write(header(#"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#, dataBytes: 12))
        XCTAssertThrowsError(try Safetensors.read(contentsOf: wrongSize)) { error in
            guard case let .badEntry(_, tensor, _)? = error as? SafetensorsError else { return XCTFail("\(error)") }
            XCTAssertEqual(tensor, "w")
        }
        let integer = try write(header(#"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, dataBytes: 8))
        XCTAssertThrowsError(try Safetensors.read(contentsOf: integer)) {
            XCTAssertEqual($0 as? SafetensorsError, .unsupportedDType(path: integer.path, tensor: "ids", dtype: "I64"))
        }
    }
}
