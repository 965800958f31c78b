import tabulate as _tabulate

# column widths must not depend on whether wcwidth happens to be installed (IPython brings it):
# the same table, byte for byte, on every machine
_tabulate.WIDE_CHARS_MODE = False
