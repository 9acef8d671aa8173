import Testing
import BPFInstructions
@testable import BPFObject

@Suite struct KernelConfigExternTests {
    private static let config: KernelConfig = {
        let text = """
            CONFIG_Y=y
            CONFIG_M=m
            CONFIG_N=n
            CONFIG_127=127
            CONFIG_128=128
            CONFIG_255=255
            CONFIG_256=256
            CONFIG_MINUS1=-1
            CONFIG_MINUS128=-128
            CONFIG_MINUS129=-129
            CONFIG_HEX=0x12345678
            CONFIG_BIG=0xdead000000000000
            CONFIG_STR="hello"
            CONFIG_ESCAPED="a\\"b"
            # CONFIG_OFF is not set

            """
        return (try? KernelConfig(parsing: Array(text.utf8))) ?? KernelConfig()
    }()

    private static let resolver = KconfigResolver(config: config, kernelVersion: 0x06_12_2C,
                                                  hasBPFCookie: true, hasSyscallWrapper: false)

    private func bytes(_ name: String, _ type: KconfigExtern.StorageType, weak: Bool = false,
                       _ byteOrder: ByteOrder = .littleEndian) throws(KconfigExternError) -> [UInt8] {
        try Self.resolver.bytes(for: KconfigExtern(name: name, type: type, isWeak: weak), byteOrder: byteOrder)
    }

    private func failure(_ name: String, _ type: KconfigExtern.StorageType, weak: Bool = false) -> KconfigExternError? {
        do {
            _ = try bytes(name, type, weak: weak)
            return nil
        } catch {
            return error
        }
    }

    @Test func tristateValues() throws {
        #expect(try bytes("CONFIG_Y", .bool) == [1])
        #expect(try bytes("CONFIG_N", .bool) == [0])
        #expect(failure("CONFIG_M", .bool)?.reason == .typeMismatch(.tristate(.module)))
        #expect(try bytes("CONFIG_Y", .tristate) == [1, 0, 0, 0])
        #expect(try bytes("CONFIG_M", .tristate) == [2, 0, 0, 0])
        #expect(try bytes("CONFIG_M", .tristate, .bigEndian) == [0, 0, 0, 2])
        #expect(try bytes("CONFIG_N", .tristate) == [0, 0, 0, 0])
        #expect(try bytes("CONFIG_M", .character(signed: false)) == [UInt8(ascii: "m")])
        #expect(try bytes("CONFIG_Y", .character(signed: true)) == [UInt8(ascii: "y")])
        let error = failure("CONFIG_Y", .integer(size: 1, signed: false))
        #expect(error?.reason == .typeMismatch(.tristate(.yes)))
        #expect(error?.description == "CONFIG_Y=y cannot be stored in a 1-byte unsigned int")
        #expect(failure("CONFIG_Y", .integer(size: 4, signed: true))?.reason == .typeMismatch(.tristate(.yes)))
        #expect(failure("CONFIG_Y", .characterArray(length: 4))?.reason == .typeMismatch(.tristate(.yes)))
    }

    @Test func numbersMustFit() throws {
        #expect(try bytes("CONFIG_127", .character(signed: true)) == [127])
        #expect(failure("CONFIG_128", .character(signed: true))?.reason == .outOfRange(128))
        #expect(try bytes("CONFIG_128", .character(signed: false)) == [128])
        #expect(try bytes("CONFIG_255", .integer(size: 1, signed: false)) == [255])
        #expect(failure("CONFIG_256", .integer(size: 1, signed: false))?.reason == .outOfRange(256))
        #expect(try bytes("CONFIG_MINUS128", .integer(size: 1, signed: true)) == [0x80])
        #expect(failure("CONFIG_MINUS129", .integer(size: 1, signed: true))?.reason == .outOfRange(UInt64(bitPattern: -129)))
        #expect(failure("CONFIG_MINUS1", .integer(size: 4, signed: false))?.reason == .outOfRange(UInt64.max))
        #expect(try bytes("CONFIG_MINUS1", .integer(size: 2, signed: true)) == [0xFF, 0xFF])
        #expect(try bytes("CONFIG_MINUS1", .integer(size: 8, signed: false)) == [UInt8](repeating: 0xFF, count: 8))
        #expect(try bytes("CONFIG_HEX", .integer(size: 4, signed: false)) == [0x78, 0x56, 0x34, 0x12])
        #expect(try bytes("CONFIG_HEX", .integer(size: 4, signed: false), .bigEndian) == [0x12, 0x34, 0x56, 0x78])
        #expect(failure("CONFIG_HEX", .integer(size: 4, signed: true)) == nil)
        #expect(failure("CONFIG_HEX", .integer(size: 2, signed: false))?.reason == .outOfRange(0x1234_5678))
        #expect(try bytes("CONFIG_BIG", .integer(size: 8, signed: true), .bigEndian) == [0xDE, 0xAD, 0, 0, 0, 0, 0, 0])
        #expect(failure("CONFIG_127", .bool)?.reason == .typeMismatch(.integer(127)))
        #expect(failure("CONFIG_127", .tristate)?.reason == .typeMismatch(.integer(127)))
        #expect(failure("CONFIG_127", .characterArray(length: 8))?.reason == .typeMismatch(.integer(127)))
        #expect(failure("CONFIG_256", .integer(size: 1, signed: false))?.description
                == "CONFIG_256=256 (0x100) does not fit in a 1-byte unsigned int")
    }

    @Test func stringsFillCharacterArrays() throws {
        #expect(try bytes("CONFIG_STR", .characterArray(length: 8)) == Array("hello".utf8) + [0, 0, 0])
        #expect(try bytes("CONFIG_STR", .characterArray(length: 6)) == Array("hello".utf8) + [0])
        #expect(try bytes("CONFIG_STR", .characterArray(length: 4)) == Array("hel".utf8) + [0])
        #expect(try bytes("CONFIG_STR", .characterArray(length: 1)) == [0])
        #expect(try bytes("CONFIG_ESCAPED", .characterArray(length: 4)) == Array(#"a"b"#.utf8) + [0])
        #expect(failure("CONFIG_STR", .integer(size: 8, signed: false))?.reason == .typeMismatch(.string(Array("hello".utf8))))
        #expect(failure("CONFIG_STR", .bool)?.description == #"CONFIG_STR="hello" cannot be stored in a bool"#)
    }

    @Test func missingAndUnsetOptions() throws {
        #expect(try bytes("CONFIG_ABSENT", .integer(size: 8, signed: false), weak: true) == [UInt8](repeating: 0, count: 8))
        #expect(failure("CONFIG_ABSENT", .bool)?.reason == .notFound)
        #expect(try bytes("CONFIG_OFF", .tristate, weak: true) == [0, 0, 0, 0])
        #expect(try bytes("CONFIG_OFF", .characterArray(length: 3), weak: true) == [0, 0, 0])
        #expect(failure("CONFIG_OFF", .tristate)?.reason == .notSet)
        #expect(failure("CONFIG_OFF", .tristate)?.description.contains("CONFIG_OFF is not set") == true)
    }

    @Test func virtualLinuxValues() throws {
        #expect(try bytes("LINUX_KERNEL_VERSION", .integer(size: 4, signed: false)) == [0x2C, 0x12, 0x06, 0])
        #expect(try bytes("LINUX_KERNEL_VERSION", .integer(size: 4, signed: true), .bigEndian) == [0, 0x06, 0x12, 0x2C])
        #expect(try bytes("LINUX_KERNEL_VERSION", .integer(size: 8, signed: false)) == [0x2C, 0x12, 0x06, 0, 0, 0, 0, 0])
        #expect(failure("LINUX_KERNEL_VERSION", .integer(size: 2, signed: false))?.reason == .outOfRange(0x06_12_2C))
        #expect(failure("LINUX_KERNEL_VERSION", .bool)?.reason == .outOfRange(0x06_12_2C))
        #expect(try bytes("LINUX_HAS_BPF_COOKIE", .bool) == [1])
        #expect(try bytes("LINUX_HAS_SYSCALL_WRAPPER", .bool) == [0])
        #expect(try bytes("LINUX_HAS_BPF_COOKIE", .integer(size: 4, signed: true)) == [1, 0, 0, 0])
        #expect(failure("LINUX_HAS_BPF_COOKIE", .tristate)?.reason == .typeMismatch(.integer(1)))
        #expect(try bytes("LINUX_SOMETHING_NEW", .integer(size: 4, signed: false), weak: true) == [0, 0, 0, 0])
        #expect(failure("LINUX_SOMETHING_NEW", .integer(size: 4, signed: false))?.reason == .unrecognizedName)
        #expect(failure("MY_OPTION", .bool, weak: true)?.reason == .unrecognizedName)

        let unknownVersion = KconfigResolver(config: KernelConfig(), kernelVersion: nil, hasBPFCookie: false, hasSyscallWrapper: true)
        let version = KconfigExtern(name: "LINUX_KERNEL_VERSION", type: .integer(size: 4, signed: false), isWeak: true)
        #expect(throws: KconfigExternError(version, .kernelVersionUnknown)) {
            try unknownVersion.bytes(for: version, byteOrder: .littleEndian)
        }
    }

    @Test func classifiesIntegersAsLibbpfDoes() {
        #expect(KconfigExtern.StorageType.integer(size: 1, isSigned: false, isBool: true) == .bool)
        #expect(KconfigExtern.StorageType.integer(size: 4, isSigned: false, isBool: true) == nil)
        #expect(KconfigExtern.StorageType.integer(size: 1, isSigned: true, isBool: false) == .character(signed: true))
        #expect(KconfigExtern.StorageType.integer(size: 2, isSigned: true, isBool: false) == .integer(size: 2, signed: true))
        #expect(KconfigExtern.StorageType.integer(size: 8, isSigned: false, isBool: false) == .integer(size: 8, signed: false))
        #expect(KconfigExtern.StorageType.integer(size: 3, isSigned: false, isBool: false) == nil)
        #expect(KconfigExtern.StorageType.integer(size: 16, isSigned: false, isBool: false) == nil)
        #expect(failure("CONFIG_127", .integer(size: 3, signed: false))?.reason == .invalidType)
        #expect(failure("CONFIG_STR", .characterArray(length: 0))?.reason == .invalidType)
    }
}

@Suite struct KernelConfigExternClassificationTests {
    @Test func classifiesBTFTypesAsLibbpfDoes() throws {
        var builder = BTFBuilder()
        let bool = builder.add(BTFType(name: "_Bool", .int(BTFInteger(size: 1, encoding: .bool, bitCount: 8))))
        let wideBool = builder.add(BTFType(name: "wide", .int(BTFInteger(size: 2, encoding: .bool, bitCount: 16))))
        let char = builder.add(BTFType(name: "char", .int(BTFInteger(size: 1, encoding: .signed, bitCount: 8))))
        let u16 = builder.add(BTFType(name: "u16", .int(BTFInteger(size: 2, encoding: [], bitCount: 16))))
        let s64 = builder.add(BTFType(name: "s64", .int(BTFInteger(size: 8, encoding: .signed, bitCount: 64))))
        let odd = builder.add(BTFType(name: "odd", .int(BTFInteger(size: 3, encoding: [], bitCount: 24))))
        let values = [BTFEnumValue(name: "TRI_NO", value: 0), BTFEnumValue(name: "TRI_YES", value: 1)]
        let tristate = builder.add(BTFType(name: "libbpf_tristate", .enumeration(BTFEnumeration(size: 4, isSigned: false, values: values))))
        let otherEnum = builder.add(BTFType(name: "other", .enumeration(BTFEnumeration(size: 4, isSigned: false, values: values))))
        let wideTristate = builder.add(BTFType(name: "libbpf_tristate", .enumeration64(BTFEnumeration(size: 8, isSigned: false, values: values))))
        let string = builder.add(BTFType(.array(BTFArray(element: char, index: u16, count: 16))))
        let empty = builder.add(BTFType(.array(BTFArray(element: char, index: u16, count: 0))))
        let words = builder.add(BTFType(.array(BTFArray(element: u16, index: u16, count: 4))))
        let constChar = builder.add(BTFType(.const(char)))
        let constString = builder.add(BTFType(.array(BTFArray(element: constChar, index: u16, count: 8))))
        let typedef = builder.add(BTFType(name: "kernel_version", .typedef(s64)))
        let volatileTypedef = builder.add(BTFType(.volatile(typedef)))
        let pointer = builder.add(BTFType(.pointer(char)))
        let btf = try BTF.parse(bytes: try builder.marshal())

        let expected: [(BTFTypeID, KconfigExtern.StorageType?)] = [
            (bool, .bool), (wideBool, nil), (char, .character(signed: true)), (u16, .integer(size: 2, signed: false)),
            (s64, .integer(size: 8, signed: true)), (odd, nil), (tristate, .tristate), (otherEnum, nil),
            (wideTristate, nil), (string, .characterArray(length: 16)), (empty, nil), (words, nil),
            (constString, .characterArray(length: 8)), (volatileTypedef, .integer(size: 8, signed: true)),
            (pointer, nil), (0, nil),
        ]
        for (id, storage) in expected {
            #expect(try KconfigExtern.StorageType(btf: btf, type: id) == storage, "type \(id)")
        }
    }
}

@Suite struct KernelConfigLayoutTests {
    @Test func ordersByAlignmentSizeAndName() throws {
        let layout = KconfigLayout([
            KconfigExtern(name: "CONFIG_B", type: .bool, isWeak: true),
            KconfigExtern(name: "CONFIG_STR", type: .characterArray(length: 5), isWeak: true),
            KconfigExtern(name: "CONFIG_A", type: .bool, isWeak: true),
            KconfigExtern(name: "CONFIG_TRI", type: .tristate, isWeak: true),
            KconfigExtern(name: "CONFIG_U64", type: .integer(size: 8, signed: false), isWeak: true),
        ])
        #expect(layout.placements.map(\.extern.name) == ["CONFIG_U64", "CONFIG_TRI", "CONFIG_A", "CONFIG_B", "CONFIG_STR"])
        #expect(layout.placements.map(\.offset) == [0, 8, 12, 13, 14])
        #expect(layout.size == 19)
        #expect(layout.offset(of: "CONFIG_STR") == 14)
        #expect(layout.offset(of: "CONFIG_NONE") == nil)
        #expect(KconfigLayout([]).size == 0)

        let config = try KernelConfig(parsing: Array("CONFIG_A=y\nCONFIG_TRI=m\nCONFIG_STR=\"abc\"\n".utf8))
        let resolver = KconfigResolver(config: config, kernelVersion: nil, hasBPFCookie: false, hasSyscallWrapper: false)
        #expect(try resolver.mapValue(for: layout, byteOrder: .bigEndian)
                == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0] + Array("abc".utf8) + [0, 0])
    }
}
