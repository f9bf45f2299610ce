print("skiff-server: not built yet")
