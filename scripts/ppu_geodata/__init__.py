"""The steps of scripts/build_ppu_geodata.py: read the sources (`readers`), estimate what no
source gives (`estimates`), write the files (`writers`) and their SOURCES.md (`sources`, from
the templates in `templates/`). `facts` holds the figures and assumptions, `records` the
records passed between the steps."""
