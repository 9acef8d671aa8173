print("swiftbpf: not built yet")
