"""The core: field paths, value functions, knock-outs, money and the weighted-tree pipeline."""
