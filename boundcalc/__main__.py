from boundcalc.cli import entry_point

entry_point()
