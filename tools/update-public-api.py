#!/usr/bin/env python3
"""Brings src/SimdActivations/PublicAPI.Unshipped.txt up to date with the code.

Builds the library with the public-API analyzer's findings as warnings, adds every symbol it reports as
undeclared (RS0016) and drops every declared symbol it reports as gone (RS0017). Review the diff: the
public API is a promise. Usage: python3 tools/update-public-api.py
"""
import pathlib
import re
import subprocess

root = pathlib.Path(__file__).resolve().parent.parent
project = root / 'src' / 'SimdActivations'
unshipped = project / 'PublicAPI.Unshipped.txt'

for _ in range(3):
    out = subprocess.run(
        ['dotnet', 'build', str(project), '-c', 'Release', '--no-incremental', '-p:TreatWarningsAsErrors=false',
         '-p:WarningsAsErrors=', '-clp:NoSummary'],
        capture_output=True, text=True).stdout
    added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", out))
    removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but", out))
    if not added and not removed:
        break
    lines = [l for l in unshipped.read_text().splitlines() if l.strip()]
    header = [l for l in lines if l.startswith('#')]
    body = {l for l in lines if not l.startswith('#')} - removed | added
    unshipped.write_text('\n'.join(header + sorted(body)) + '\n')
    print(f'added {len(added)}, removed {len(removed)}')
