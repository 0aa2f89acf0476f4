import Foundation
import Testing
import WebForms

@testable import PortalService

@Suite("Forms with files")
struct MultipartTests {
    static func body(_ parts: [(String, String?, String?, [UInt8])], boundary: String) -> [UInt8] {
        var out: [UInt8] = []
        for (name, filename, type, bytes) in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let type { head += "Content-Type: \(type)\r\n" }
            out += Array((head + "\r\n").utf8) + bytes + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    @Test func aBrowsersFormWithFilesIsRead() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x0D, 0x0A, 0x2D, 0x2D]
        let boundary = "----WebKitFormBoundaryX3b7"
        let body = Self.body(
            [
                ("form", nil, nil, Array("token".utf8)), ("title", nil, nil, Array("WLAN fällt aus".utf8)),
                ("files", "bild \\\"1\\\".png", "image/png", png), ("files", "", "application/octet-stream", []),
            ], boundary: boundary)
        let m = try Multipart(body: body, boundary: boundary)
        #expect(m.form["form"] == "token" && m.form["title"] == "WLAN fällt aus")
        #expect(m.files.count == 1, "an empty file input sends nothing to keep")
        #expect(m.files.first?.bytes == png && m.files.first?.filename == "bild \"1\".png")
        #expect(UploadCheck.type(of: png) == "image/png" && UploadCheck.acceptable(m.files))
        #expect(Multipart.boundary("multipart/form-data; boundary=\"\(boundary)\"") == boundary)
        #expect(Multipart.boundary("application/x-www-form-urlencoded") == nil)
    }

    @Test func brokenOrHostileBodiesAreRefused() {
        let b = "xyz"
        #expect(throws: Multipart.Invalid.self) { try Multipart(body: Array("no parts at all".utf8), boundary: b) }
        #expect(throws: Multipart.Invalid.self) {
            try Multipart(body: Array("--xyz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--xyz--".utf8), boundary: b)
        }
        let many = Self.body((0..<40).map { ("f\($0)", nil, nil, Array("x".utf8)) }, boundary: b)
        #expect(throws: Multipart.Invalid.self) { try Multipart(body: many, boundary: b) }
        #expect(throws: Multipart.Invalid.self) {
            try Multipart(body: Array("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n".utf8), boundary: b)
        }
    }

    @Test func onlyScreenshotsAndPDFsUnderFiveMegabytesAreTaken() {
        func file(_ bytes: [UInt8]) -> Multipart.File {
            .init(field: "files", filename: "x", contentType: nil, bytes: bytes)
        }
        let pdf = Array("%PDF-1.7\n".utf8)
        let gif = Array("GIF89a".utf8) + [0]
        let webp = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8)
        #expect(UploadCheck.acceptable([file(pdf), file(gif), file(webp)]))
        #expect(!UploadCheck.acceptable([file(Array("<html><script>".utf8))]), "a web page named .png")
        #expect(!UploadCheck.acceptable([file(pdf), file(pdf), file(pdf), file(pdf)]), "four files")
        #expect(!UploadCheck.acceptable([file(pdf + Array(repeating: 0, count: 5 << 20))]), "over 5 MB")
        #expect(!UploadCheck.acceptable([file([])]))
    }
}
