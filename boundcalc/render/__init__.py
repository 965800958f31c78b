"""Text for people and programs: tables, results and citations in every format boundcalc writes."""
