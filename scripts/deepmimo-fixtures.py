#!/usr/bin/python3
"""Writes the small fixtures under data/fixtures/deepmimo/ that the TypeScript tests compare with.

Run from the repository root with Debian's Python (numpy + scipy):  /usr/bin/python3 scripts/deepmimo-fixtures.py

1. mat/         tiny MAT v5 files written by scipy.io.savemat (uncompressed and compressed) and the
                values they hold (mat/expected.json), for the MAT reader.
2. tiny-v2/, tiny-v3/, tiny-v4/
                one small synthetic path set (2 base stations, 7 users, non-zero delays, one path past
                the OFDM symbol) written in the three DeepMIMO layouts, for the readers.
3. channels-*.json
                reference channels computed here with an independent numpy implementation of
                DeepMIMO's published channel formula (DeepMIMO v3 generator conventions), from the
                real New York v3 files (read with scipy.io.loadmat, not with our reader) and from
                the tiny synthetic set.

The channel formula (DeepMIMO v3, OFDM, no receive filter), for user u, path l, subcarrier k:
    H[u][r, t, k] = sum_l a_rx(l)[r] a_tx(l)[t] sqrt(P_l / N) exp(j(phi_l - 2 pi k tau_l B / N))
with P_l = 10^((p_dBm - P_tx_dBm)/10), phi_l the path phase in radians, tau_l the delay, B the
bandwidth, N the total subcarriers; paths with tau_l B >= N are dropped (power 0). The array
response is a(theta, phi)[m] = exp(j 2 pi d (y_m sin(theta) sin(phi) + z_m cos(theta))) with element
m = y_m + Nh z_m of an Nh x Nv panel in the y-z plane, d the spacing in wavelengths, angles after
the panel rotation, and only the first num_paths paths (the strongest) that fall in the FoV.
"""
import json
import os
import numpy as np
import scipy.io as sio

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "fixtures", "deepmimo")
NY = os.path.join(ROOT, "..", "shared", "datasets", "deepmimo-v3-new_york")


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


# ----------------------------------------------------------------------------------------------
# 1. MAT fixtures
def mat_fixtures():
    d = os.path.join(OUT, "mat")
    os.makedirs(d, exist_ok=True)
    st = np.zeros((1, 2), dtype=[("a", "O"), ("b", "O")])
    st[0, 0]["a"] = 1.5
    st[0, 0]["b"] = "x"
    st[0, 1]["a"] = np.array([[1.0, 2.0]])
    st[0, 1]["b"] = "yz"
    cell = np.empty((1, 3), dtype=object)
    cell[0, 0] = 7.0
    cell[0, 1] = "ab"
    cell[0, 2] = np.array([[1.0, 2.0, 3.0]])
    nested = np.empty((2, 1), dtype=object)
    nested[0, 0] = {"p": np.arange(6, dtype=float).reshape(2, 3)}
    nested[1, 0] = np.array([[]])
    vars_ = {
        "scalar": 3.25,
        "mat23": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
        "single": np.array([[0.5, -1.25]], dtype=np.float32),
        "i8": np.array([[-128, 127]], dtype=np.int8),
        "u16": np.array([[65535, 2]], dtype=np.uint16),
        "i32": np.array([[-5], [6]], dtype=np.int32),
        "i64": np.array([[-(2**40), 2**40]], dtype=np.int64),
        "cplx": np.array([[1 + 2j, 3 - 4j], [-5j, 6.0]]),
        "logic": np.array([[True, False, True]]),
        "text": "hello, MAT",
        "chars": np.array(["abc", "def"]),
        "cell": cell,
        "st": st,
        "one": {"name": "one", "vals": np.array([[1.0, 2.0]]), "inner": {"z": 9.0}},
        "nested": nested,
        "empty": np.zeros((0, 0)),
    }
    sio.savemat(os.path.join(d, "basic.mat"), vars_, do_compression=False, oned_as="row")
    sio.savemat(os.path.join(d, "basic-compressed.mat"), vars_, do_compression=True, oned_as="row")
    expected = {
        "scalar": {"kind": "numeric", "class": "double", "dims": [1, 1], "re": [3.25]},
        "mat23": {"kind": "numeric", "class": "double", "dims": [2, 3], "re": [1, 4, 2, 5, 3, 6]},
        "single": {"kind": "numeric", "class": "single", "dims": [1, 2], "re": [0.5, -1.25]},
        "i8": {"kind": "numeric", "class": "int8", "dims": [1, 2], "re": [-128, 127]},
        "u16": {"kind": "numeric", "class": "uint16", "dims": [1, 2], "re": [65535, 2]},
        "i32": {"kind": "numeric", "class": "int32", "dims": [2, 1], "re": [-5, 6]},
        "i64": {"kind": "numeric", "class": "int64", "dims": [1, 2], "re": [-(2**40), 2**40]},
        "cplx": {"kind": "numeric", "class": "double", "dims": [2, 2], "re": [1, 0, 3, 6], "im": [2, -5, -4, 0]},
        "logic": {"kind": "numeric", "class": "logical", "dims": [1, 3], "re": [1, 0, 1]},
        "text": {"kind": "char", "dims": [1, 10], "text": "hello, MAT"},
        "chars": {"kind": "char", "dims": [2, 3], "text": "adbecf"},
    }
    write_json(os.path.join(d, "expected.json"), expected)
    # Cross-check that scipy reads back what we claim.
    back = sio.loadmat(os.path.join(d, "basic-compressed.mat"))
    assert back["cplx"][1, 0] == -5j and back["chars"][1] == "def"


# ----------------------------------------------------------------------------------------------
# DeepMIMO channel formula (independent numpy implementation of the published equations)
def panel_indices(shape):
    """Element m of an Nh x Nv panel sits at (y, z) = (m mod Nh, m div Nh) (x = 0)."""
    nh, nv = int(shape[0]), int(shape[1])
    m = np.arange(nh * nv)
    return np.stack([np.zeros_like(m), m % nh, m // nh], axis=1).astype(float)


def rotate(theta_deg, phi_deg, rot_deg):
    """Angles seen by a panel rotated by (x, y, z) = rot_deg: express the direction vector in the
    panel's frame R^T u with R = Rz(gamma) Ry(beta) Rx(alpha). Returns radians."""
    th, ph = np.deg2rad(theta_deg), np.deg2rad(phi_deg)
    u = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)])
    a, b, g = np.deg2rad(rot_deg)
    rx = np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
    ry = np.array([[np.cos(b), 0, np.sin(b)], [0, 1, 0], [-np.sin(b), 0, np.cos(b)]])
    rz = np.array([[np.cos(g), -np.sin(g), 0], [np.sin(g), np.cos(g), 0], [0, 0, 1]])
    v = (rz @ ry @ rx).T @ u
    return np.arccos(np.clip(v[2], -1, 1)), np.arctan2(v[1], v[0])


def in_fov(theta, phi, fov_deg):
    h, v = np.deg2rad(fov_deg)
    ph = np.mod(phi, 2 * np.pi)
    th = np.mod(theta, 2 * np.pi)
    return ((ph <= h / 2) | (ph >= 2 * np.pi - h / 2)) & (th <= np.pi / 2 + v / 2) & (th >= np.pi / 2 - v / 2)


def steering(idx, theta, phi, spacing):
    k = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], axis=0)
    return np.exp(1j * 2 * np.pi * spacing * (idx @ k))  # [M, L]


def channel(paths, tx_power_dbm, cfg):
    """paths: dict of 1-D arrays (phase, toa, power, doa_phi, doa_theta, dod_phi, dod_theta, los)
    in the file's order. Returns H [Mrx, Mtx, K] complex128 and the LoS status."""
    L = min(cfg["num_paths"], len(paths["phase"]))
    p = {k: np.asarray(v[:L], dtype=float) for k, v in paths.items()}
    bs, ue, ofdm = cfg["bs_antenna"], cfg["ue_antenna"], cfg["OFDM"]
    idx_tx, idx_rx = panel_indices(bs["shape"]), panel_indices(ue["shape"])
    ks = np.asarray(ofdm["selected_subcarriers"], dtype=float)
    H = np.zeros((len(idx_rx), len(idx_tx), len(ks)), dtype=complex)
    if L == 0:
        return H, -1
    tt, tp = rotate(p["dod_theta"], p["dod_phi"], bs["rotation"])
    rt, rp = rotate(p["doa_theta"], p["doa_phi"], ue["rotation"])
    keep = in_fov(tt, tp, bs["FoV"]) & in_fov(rt, rp, ue["FoV"])
    if not keep.any():
        return H, -1
    los = int(p["los"][keep].sum())
    tt, tp, rt, rp = tt[keep], tp[keep], rt[keep], rp[keep]
    a_tx = steering(idx_tx, tt, tp, bs["spacing"])
    a_rx = steering(idx_rx, rt, rp, ue["spacing"])
    N = ofdm["subcarriers"]
    B = ofdm["bandwidth"] * 1e9
    power = 10 ** ((p["power"][keep] - tx_power_dbm) / 10)
    delay_samples = p["toa"][keep] * B
    power = np.where(delay_samples >= N, 0.0, power)  # past the OFDM symbol: dropped
    phase = np.deg2rad(p["phase"][keep])
    gain = np.sqrt(power / N)[:, None] * np.exp(1j * (phase[:, None] - 2 * np.pi * np.outer(delay_samples, ks) / N))
    H = np.einsum("rl,tl,lk->rtk", a_rx, a_tx, gain)
    return H, los


def default_cfg(**over):
    cfg = {
        "num_paths": 5,
        "bs_antenna": {"shape": [8, 4], "spacing": 0.5, "rotation": [0, 0, 0], "FoV": [360, 180]},
        "ue_antenna": {"shape": [4, 2], "spacing": 0.5, "rotation": [0, 0, 0], "FoV": [360, 180]},
        "OFDM": {"subcarriers": 512, "selected_subcarriers": [0], "bandwidth": 0.05},
    }
    for k, v in over.items():
        if isinstance(v, dict):
            cfg[k] = {**cfg[k], **v}
        else:
            cfg[k] = v
    return cfg


CONFIGS = {
    "default": default_cfg(),
    "paper4x4": default_cfg(num_paths=3, bs_antenna={"shape": [4, 4]}, ue_antenna={"shape": [1, 1]},
                            OFDM={"selected_subcarriers": [0, 1, 17, 511], "bandwidth": 0.1}),
    "rotated-fov": default_cfg(num_paths=6, bs_antenna={"shape": [4, 2], "rotation": [10, 20, 30], "FoV": [180, 120], "spacing": 0.4},
                               ue_antenna={"shape": [2, 2], "rotation": [0, 0, 45]},
                               OFDM={"subcarriers": 64, "selected_subcarriers": [0, 5, 63], "bandwidth": 0.2}),
}


def cplx_json(H):
    return {"shape": list(H.shape), "re": H.real.ravel().tolist(), "im": H.imag.ravel().tolist()}


# ----------------------------------------------------------------------------------------------
# 2. Real New York files: reference channels for a handful of users
def ny_paths(user_cell):
    m = user_cell[0][0][0]  # 8 x P matrix (field p of the 1x1 struct)
    names = ["phase", "toa", "power", "doa_phi", "doa_theta", "dod_phi", "dod_theta", "los"]
    return {n: m[i, :] for i, n in enumerate(names)}


def ny_fixtures():
    params = sio.loadmat(os.path.join(NY, "params.mat"))
    txp = float(params["transmit_power"].item())
    out = {"source": "deepmimo-v3-new_york", "transmit_power": txp, "configs": CONFIGS, "cases": []}
    summary = {}
    for bs in (1, 2):
        data = sio.loadmat(os.path.join(NY, f"BS{bs}_UE_0-5148.mat"))
        cells = data["channels"][0]
        npaths = np.array([c[0][0][0].shape[1] for c in cells])
        summary[bs] = {"users": len(cells), "with_paths": int((npaths > 0).sum()), "max_paths": int(npaths.max()),
                       "total_paths": int(npaths.sum()), "rx_locs_first": data["rx_locs"][0].tolist(),
                       "tx_loc": data["tx_loc"].ravel().tolist()}
        # users: the first with paths, ones with the most paths, one without paths, the last user
        with_paths = np.flatnonzero(npaths > 0)
        most = np.argsort(-npaths, kind="stable")[:3]
        picks = sorted(set([int(with_paths[0]), int(with_paths[len(with_paths) // 2]), *map(int, most), 0, len(cells) - 1]))
        for name, cfg in CONFIGS.items():
            for u in picks:
                H, los = channel(ny_paths(cells[u]), txp, cfg)
                out["cases"].append({"bs": bs, "user": u, "config": name, "los": los, **cplx_json(H)})
    out["summary"] = summary
    write_json(os.path.join(OUT, "channels-new-york.json"), out)


# ----------------------------------------------------------------------------------------------
# 3. Tiny synthetic scenario in the v2, v3 and v4 layouts
def tiny_scenario():
    rng = np.random.default_rng(4)
    n_users, n_bs = 7, 2
    counts = [[3, 0, 1, 5, 2, 4, 6], [1, 2, 0, 3, 6, 1, 2]]
    bs_pos = np.array([[10.0, 20.0, 6.0], [-30.0, 5.0, 8.0]])
    ue_pos = np.column_stack([np.arange(n_users) * 2.0, np.full(n_users, 40.0), np.full(n_users, 2.0)])
    links = []
    for b in range(n_bs):
        users = []
        for u in range(n_users):
            P = counts[b][u]
            power = np.sort(rng.uniform(-120, -70, P))[::-1]
            toa = np.sort(rng.uniform(1e-7, 2e-6, P))
            if b == 1 and u == 4:
                toa[-1] = 1.2e-5  # beyond 512 / 0.05 GHz = 10.24 us: dropped in OFDM
            los = np.zeros(P)
            if P and u % 2 == 0:
                los[0] = 1
            users.append({
                "phase": rng.uniform(-180, 180, P), "toa": toa, "power": power,
                "doa_phi": rng.uniform(-180, 180, P), "doa_theta": rng.uniform(20, 160, P),
                "dod_phi": rng.uniform(-180, 180, P), "dod_theta": rng.uniform(60, 120, P), "los": los,
            })
        links.append(users)
    # round to float32-representable values so every format stores them exactly
    for users in links:
        for p in users:
            for k in p:
                p[k] = np.asarray(p[k], dtype=np.float32).astype(float)
    return {"freq": 28e9, "txp": 0.0, "bs_pos": bs_pos, "ue_pos": ue_pos, "links": links}


def write_v3(sc, d):
    os.makedirs(d, exist_ok=True)
    n = len(sc["ue_pos"])
    sio.savemat(os.path.join(d, "params.mat"), {
        "version": np.array([[3]], dtype=np.int32), "carrier_freq": sc["freq"], "transmit_power": sc["txp"],
        "user_grids": np.array([[1.0, 1.0, float(n)]]), "num_BS": np.array([[2]], dtype=np.int32),
        "dual_polar_available": np.array([[0]], dtype=np.int32), "doppler_available": np.array([[0]], dtype=np.int32)})
    keys = ["phase", "toa", "power", "doa_phi", "doa_theta", "dod_phi", "dod_theta", "los"]
    for b, users in enumerate(sc["links"]):
        cells = np.empty((1, n), dtype=object)
        for u, p in enumerate(users):
            cells[0, u] = {"p": np.array([p[k] for k in keys]).reshape(8, -1)}
        dist = np.linalg.norm(sc["ue_pos"] - sc["bs_pos"][b], axis=1)
        pl = np.array([(-10 * np.log10(np.sum(10 ** (p["power"] / 10))) if len(p["power"]) else 250.0) for p in users])
        rx_locs = np.column_stack([sc["ue_pos"], dist, pl])
        sio.savemat(os.path.join(d, f"BS{b + 1}_UE_0-{n}.mat"),
                    {"channels": cells, "rx_locs": rx_locs, "tx_loc": sc["bs_pos"][b][None, :]}, do_compression=(b == 1))


def write_v2(sc, d, name="Tiny"):
    os.makedirs(d, exist_ok=True)
    n = len(sc["ue_pos"])
    sio.savemat(os.path.join(d, f"{name}.params.mat"), {
        "carrier_freq": sc["freq"], "transmit_power": sc["txp"], "num_BS": 2.0, "user_grids": np.array([[1.0, 1.0, float(n)]])})
    sio.savemat(os.path.join(d, f"{name}.Loc.mat"), {"Loc_array_full": np.column_stack([np.arange(1, n + 1), sc["ue_pos"]])})
    sio.savemat(os.path.join(d, f"{name}.TX_Loc.mat"), {"TX_Loc_array_full": np.column_stack([[1, 2], sc["bs_pos"]])})
    for b, users in enumerate(sc["links"]):
        dod, doa, cir, los = [n], [n], [n], [n]
        for u, p in enumerate(users):
            P = len(p["phase"])
            for arr in (dod, doa, cir):
                arr += [u + 1, P]
            for l in range(P):
                dod += [l + 1, p["dod_phi"][l], p["dod_theta"][l], p["power"][l]]
                doa += [l + 1, p["doa_phi"][l], p["doa_theta"][l], p["power"][l]]
                cir += [l + 1, p["phase"][l], p["toa"][l], p["power"][l]]
            los.append(int(p["los"][0]) if P else -1)
        dist = np.linalg.norm(sc["ue_pos"] - sc["bs_pos"][b], axis=1)
        pl = np.column_stack([dist, np.full(n, 100.0)])
        for ext, arr in (("DoD", dod), ("DoA", doa), ("CIR", cir), ("LoS", los)):
            sio.savemat(os.path.join(d, f"{name}.{b + 1}.{ext}.mat"), {f"{ext}_array_full": np.array(arr, dtype=float)[:, None]})
        sio.savemat(os.path.join(d, f"{name}.{b + 1}.PL.mat"), {"PL_array_full": pl})


def write_v4(sc, d):
    os.makedirs(d, exist_ok=True)
    n = len(sc["ue_pos"])
    params = {
        "version": "4.0.0",
        "rt_params": {"frequency": sc["freq"], "raytracer_name": "synthetic (scripts/deepmimo-fixtures.py)"},
        "txrx_sets": {
            "txrx_set_0": {"name": "BS", "id": 0, "is_tx": True, "is_rx": False, "num_points": 2, "num_active_points": 2, "num_ant": 1},
            "txrx_set_1": {"name": "users", "id": 1, "is_tx": False, "is_rx": True, "num_points": n, "num_active_points": n, "num_ant": 1},
        },
        "scene": {"num_scenes": 1},
        "materials": {},
    }
    with open(os.path.join(d, "params.json"), "w") as f:
        json.dump(params, f, indent=2)
    names = {"phase": "phase", "toa": "delay", "power": "power", "doa_phi": "aoa_az", "doa_theta": "aoa_el",
             "dod_phi": "aod_az", "dod_theta": "aod_el"}
    for b, users in enumerate(sc["links"]):
        pmax = max(len(p["phase"]) for p in users)
        suffix = f"t000_tx{b:03}_r001"
        for src, key in names.items():
            m = np.full((n, pmax), np.nan, dtype=np.float32)
            for u, p in enumerate(users):
                v = p[src] - (sc["txp"] if src == "power" else 0.0)  # v4 power: dB relative to the transmitter
                m[u, :len(v)] = v
            np.savez_compressed(os.path.join(d, f"{key}_{suffix}.npz"), **{key: m})
        inter = np.full((n, pmax), np.nan, dtype=np.float32)
        for u, p in enumerate(users):
            inter[u, :len(p["los"])] = np.where(p["los"] > 0, 0, 1)  # 0 = line of sight, 1 = one reflection
        np.savez_compressed(os.path.join(d, f"inter_{suffix}.npz"), inter=inter)
        np.savez_compressed(os.path.join(d, f"rx_pos_{suffix}.npz"), rx_pos=sc["ue_pos"].astype(np.float32))
        np.save(os.path.join(d, f"tx_pos_{suffix}.npy"), sc["bs_pos"][b][None, :].astype(np.float32))


def tiny_fixtures():
    sc = tiny_scenario()
    write_v2(sc, os.path.join(OUT, "tiny-v2"))
    write_v3(sc, os.path.join(OUT, "tiny-v3"))
    write_v4(sc, os.path.join(OUT, "tiny-v4"))
    out = {"source": "tiny", "transmit_power": sc["txp"], "configs": CONFIGS, "cases": []}
    for name, cfg in CONFIGS.items():
        for b, users in enumerate(sc["links"]):
            for u, p in enumerate(users):
                H, los = channel(p, sc["txp"], cfg)
                out["cases"].append({"bs": b + 1, "user": u, "config": name, "los": los, **cplx_json(H)})
    write_json(os.path.join(OUT, "channels-tiny.json"), out)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    mat_fixtures()
    tiny_fixtures()
    if os.path.isdir(NY):
        ny_fixtures()
    else:
        print(f"skipping New York fixtures: {NY} not found")
    print(f"fixtures written under {OUT}")
