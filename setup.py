"""Maps the content folders at the repository root into the single `palaestra` package.

`envs/`, `verifiers/`, `generators/`, `benchmarks/` and `tools/` ship as `palaestra.envs`, ...;
nothing is installed as a top-level module of its own. Subpackages are discovered, so a new
domain folder needs no edit here.
"""

from setuptools import find_packages, setup

CONTENT_FOLDERS = ("envs", "verifiers", "generators", "benchmarks", "tools")

package_dir = {"palaestra": "palaestra"}
packages = ["palaestra", *(f"palaestra.{p}" for p in find_packages("palaestra"))]
for folder in CONTENT_FOLDERS:
    package_dir[f"palaestra.{folder}"] = folder
    packages.append(f"palaestra.{folder}")
    packages.extend(f"palaestra.{folder}.{sub}" for sub in find_packages(folder))

setup(package_dir=package_dir, packages=packages)
