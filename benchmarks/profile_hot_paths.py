"""Profiles of the hot paths, saved as text under benchmarks/results/:

  profile_call_resend.txt     pyinstrument: 500 paws_bridge resend_confirmation_code calls
  profile_call_list_users.txt pyinstrument: 100 paws_bridge list_users calls (60 users)
  profile_convert_r.txt       cProfile: one 10,000-user value -> R (rpy2-embedded R)

    .venv/bin/python benchmarks/profile_hot_paths.py
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
from endpoint import KEY, REGION, SECRET, Endpoint  # noqa: E402


def main() -> int:
    from pyinstrument import Profiler

    import paws_bridge
    with Endpoint() as ep:
        info = ep.info
        svc = paws_bridge.cognitoidentityprovider(config={
            "credentials": {"creds": {"access_key_id": KEY, "secret_access_key": SECRET}},
            "endpoint": info["endpoint"], "region": REGION})
        calls = {
            "resend": (500, lambda: svc.resend_confirmation_code(
                ClientId=info["client_id"], Username=info["username"])),
            "list_users": (100, lambda: svc.list_users(UserPoolId=info["pool_id"])),
        }
        for name, (n, fn) in calls.items():
            for _ in range(20):
                fn()
            prof = Profiler(interval=0.0002)
            prof.start()
            for _ in range(n):
                fn()
            prof.stop()
            path = benchlib.RESULTS / f"profile_call_{name}.txt"
            path.write_text(prof.output_text(unicode=False, color=False))
            print(f"wrote {path}")

    from bench_convert import start_r, users_body
    from paws_bridge import outputs
    _ri, cv = start_r()
    shape = svc.operation("list_users").output_shape
    value = outputs.build_output(shape, {outputs.RAW_BODY_KEY: users_body(10_000)})
    to_r = cv.output_builder(shape)
    prof = cProfile.Profile()
    prof.runcall(to_r, value)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(20)
    path = benchlib.RESULTS / "profile_convert_r.txt"
    path.write_text(out.getvalue())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
