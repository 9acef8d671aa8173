// Test support, not a product: runs library entry points in a process of
// their own, for the tests that need one.
//
//   swiftbpf-hardening-probe entry-points PIN_DIRECTORY
//       every entry point once (PrivilegeTests runs this without privileges)
//   swiftbpf-hardening-probe cycles NAME
//       one leak cycle (HardeningLeakTests), alone in the process so that
//       its descriptor count and resident memory are its own
import Glibc

let arguments = CommandLine.arguments
switch (arguments.count, arguments.count > 1 ? arguments[1] : "") {
case (3, "entry-points"):
    EntryPoints.run(pins: arguments[2])
case (3, "cycles"):
    exit(LeakCycles.run(named: arguments[2]) ? 0 : 1)
case (2, "list-cycles"):
    for name in LeakCycles.names { print(name) }
default:
    print("usage: swiftbpf-hardening-probe entry-points PIN_DIRECTORY | cycles NAME | list-cycles")
    exit(2)
}
