print("swiftbpf-bench: not built yet")
