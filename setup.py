"""Only what pyproject.toml cannot say: the embedded data folders (geodata/) ship inside the
wheel as the package `planner.data`, next to every package found under planner/."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["planner", "planner.*"]), "planner.data"],
    package_dir={"planner.data": "geodata"},
)
