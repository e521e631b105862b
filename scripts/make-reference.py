#!/usr/bin/env python3
"""Writes demo/reference.toml: 64 volumes of 1 TiB in 8 groups with mixed workloads.

The file is committed; this script documents how it was made and remakes it if the mix changes.
Run: python3 scripts/make-reference.py > demo/reference.toml

With `--volumes N` (a multiple of 8) it writes the same mix scaled to N volumes, with disks scaled
so that everything still fits; scripts/bench-sim.sh uses that for its scaling run. Past 400 volumes
each RAID group becomes several (suffix -a, -b, ...), so that no disk grows past the loader's
1 PB bound; volumes are spread over their group's copies.
"""
import math
import sys

volumes_per_group = 8
if len(sys.argv) == 3 and sys.argv[1] == "--volumes":
    volumes_per_group = int(sys.argv[2]) // 8
scale = volumes_per_group / 8
copies = max(1, math.ceil(scale / 50))

def tb(x):
    return f"{x * scale / copies:g}TB"

def rg(name, k):
    """The k-th copy of a RAID group; its plain name when there is one copy (the committed file)."""
    return name if copies == 1 else f"{name}-{k}"

disk_types = ["FC", "SAS", "SSD", "SATA", "FC", "SAS", "NVMe", "SATA"]
groups = [
    # name, rpo (inline TOML or None), generations, rto, mirror, retention
    ("erp",       'rpo = { interval = "1h" }',        12, "30m", True,  "merge"),
    ("mail",      'rpo = { interval = "2h" }',        8,  "1h",  True,  "merge"),
    ("web",       'rpo = { interval = "4h" }',        6,  "2h",  False, "merge"),
    ("analytics", 'rpo = { hour = "02:00" }',         7,  "4h",  False, "keep"),
    ("vdi",       'rpo = { changed = "60GB" }',       10, "45m", True,  "merge"),
    ("logs",      None,                               6,  "4m", False, "merge"),
    ("dev",       'rpo = { interval = "6h" }',        4,  None,  False, "merge"),
    ("archive",   'rpo = { hour = "23:30", changed = "200GB" }', 5, "3h", False, "keep"),
]
patterns = [
    ("hotspot", 8192, 0.05, 0.9), ("uniform", 16384, None, None), ("sequential", 262144, None, None),
    ("hotspot", 65536, 0.2, 0.7),
]
print("# The performance reference: 64 volumes of 1 TiB in 8 groups, mixed workloads.")
print("# Made by scripts/make-reference.py; `scripts/bench-sim.sh` runs it for 30 simulated days.")
print()
print('[array]\nname = "reference"\nseed = 7\nstart = "2026-11-21T00:00:00Z"\ntick = "5m"\ngranule = "64KiB"\n')
for i, t in enumerate(disk_types):
    for c in range(copies):
        print(f'[[raid_groups]]\nname = "{rg(f"rg-data-{i}", c)}"\nlayout = "6D+2P"\ndisk_type = "{t}"\ndisk_size = "{tb(1.8)}"\n')
pool = [("ssd", "SSD", "8D+1P", tb(3.84), 1), ("sas", "SAS", "8D+2P", tb(2.4), 2), ("sata", "SATA", "10D+2P", tb(8), 3)]
for tier, t, layout, size, n in pool:
    for k in range(n * copies):
        print(f'[[raid_groups]]\nname = "rg-pool-{tier}-{k}"\nlayout = "{layout}"\ndisk_type = "{t}"\ndisk_size = "{size}"\n')
for k, (t, size) in enumerate([("SATA", tb(8)), ("SAS", tb(2.4))]):
    print(f'[[raid_groups]]\nname = "rg-spare-{k}"\nlayout = "10D+2P"\ndisk_type = "{t}"\ndisk_size = "{size}"\n')
print('[pool]\nname = "backup-pool"\nspares = ["rg-spare-0", "rg-spare-1"]\n')
for tier, _, _, _, n in pool:
    members = ", ".join(f'"rg-pool-{tier}-{k}"' for k in range(n * copies))
    print(f'[[pool.tiers]]\nname = "{tier}"\nraid_groups = [{members}]\n')
for name, rpo, gens, rto, mirror, retention in groups:
    print(f'[[groups]]\nname = "{name}"')
    if rpo: print(rpo)
    print(f"generations = {gens}")
    if rto: print(f'rto = "{rto}"')
    print(f"mirror = {'true' if mirror else 'false'}\nretention = \"{retention}\"\n")
for g, (name, *_ ) in enumerate(groups):
    for k in range(volumes_per_group):
        print(f'[[volumes]]\nname = "{name}-{k:02d}"\nraid_group = "{rg(f"rg-data-{g}", k % copies)}"\ncapacity = "1TiB"\ngroup = "{name}"\n')
curve = "[0.4, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.5, 1.6, 1.6, 1.5, 1.3, 1.5, 1.6, 1.6, 1.4, 1.2, 1.0, 0.9, 0.7, 0.6, 0.5, 0.4]"
for g, (name, *_ ) in enumerate(groups):
    for k in range(volumes_per_group):
        pattern, io, frac, share = patterns[(g + k) % len(patterns)]
        rate = [0.5, 1, 2, 3, 4, 1.5, 6, 0.8][(g * 3 + k) % 8]
        print(f'[[workloads]]\nvolume = "{name}-{k:02d}"\nrate = "{rate}MB/s"\nio_size = {io}\npattern = "{pattern}"')
        if frac is not None:
            print(f"hot_fraction = {frac}\nhot_share = {share}")
        if k % 2 == 0:
            print(f"daily_curve = {curve}")
        print()
