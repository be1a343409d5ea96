print("feed-consumer")
