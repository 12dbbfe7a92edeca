print("dsbench")
