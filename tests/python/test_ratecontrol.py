"""AdaptiveRate on a fake clock: what one throttling answer does to the pace."""

from __future__ import annotations

import pytest

from paws_bridge.ratecontrol import AdaptiveRate


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def send_and_accept(rate: AdaptiveRate, clock: Clock, n: int, spacing: float) -> None:
    """n calls sent as fast as the pacing allows (at least `spacing` apart), each accepted."""
    for _ in range(n):
        while (wait := rate.delay()) > 0:
            clock.now += wait
        rate.answered()
        clock.now += spacing


def test_a_burst_at_the_start_is_not_taken_for_the_limit():
    # a quota of 20/s with a burst of 20, spent in 40 ms by an unpaced start: the first
    # throttling answer must bring the pace near 20/s, not to 0.9 x 500/s (which then took
    # one cut after another, each call sent in between refused)
    clock = Clock()
    rate = AdaptiveRate(clock=clock)
    send_and_accept(rate, clock, 20, 0.002)
    sent_at = clock.now
    assert rate.delay() == 0  # unpaced until the first throttling
    clock.now += 0.002
    assert rate.throttled(sent_at) is True
    assert rate.rate() <= 20 * 0.9 + 1e-9
    assert rate.rate() >= 5  # it errs low, not to a crawl


def test_after_a_cut_the_next_call_waits_an_interval():
    clock = Clock()
    rate = AdaptiveRate(clock=clock)
    send_and_accept(rate, clock, 20, 0.002)
    rate.throttled(clock.now)
    r = rate.rate()
    # sent at once it would meet the same empty quota and cut the rate again
    assert rate.delay() == pytest.approx(1 / r)


def test_answers_to_calls_sent_before_a_cut_do_not_cut_again():
    clock = Clock()
    rate = AdaptiveRate(clock=clock)
    send_and_accept(rate, clock, 20, 0.002)
    before = clock.now - 0.001
    assert rate.throttled(clock.now)
    for _ in range(7):  # the other calls of the burst, refused too
        clock.now += 0.001
        assert rate.throttled(before) is False
    assert rate.cuts == 1


def test_saved_up_tokens_are_averaged_over_the_window():
    # paced at 20/s for a while, then a probe at 30/s empties 20 saved-up tokens: the
    # second's count (about 30) overstates what the quota allows; over the 3 s window the
    # cut lands near 20/s in one step
    clock = Clock()
    rate = AdaptiveRate(clock=clock, max_rate=20)
    send_and_accept(rate, clock, 60, 0)  # 3 s at 20/s
    rate.max_rate = 30.0
    rate._w_max, rate._t_cut = 30.0, clock.now - 100  # pretend CUBIC has climbed to 30/s
    send_and_accept(rate, clock, 30, 0)
    assert rate.throttled(clock.now)
    assert rate.rate() < 24 * 0.9


def test_max_rate_is_a_ceiling():
    clock = Clock()
    rate = AdaptiveRate(max_rate=5, clock=clock)
    assert rate.delay() == 0 and rate.delay() == 0  # at most one interval of credit
    assert rate.delay() == pytest.approx(0.2)
    with pytest.raises(ValueError):
        AdaptiveRate(max_rate=0)
