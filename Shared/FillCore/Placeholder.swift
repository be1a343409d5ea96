// Placeholder until the library lands; removed by its first real file.
