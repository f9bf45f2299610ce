print("skiff-sim: not built yet")
