"""Learn the demand model from recorded visits: a Bayesian update whose prior is the scenario.

Pure: observations in, posteriors out; no file, no database, no solver.

The model (planner.demand) says a visit activates min(capacity, p × R): R the venue's remaining
ready pool, p the conversion share of its venue type, capacity = officer-hours × r with r the
activations one officer can do per hour. Two parameters families are learned: p per venue type
(`p_type`) and r (`activations_per_officer_hour`).

Likelihood (why censoring matters)
----------------------------------
A visit's activations y are the smaller of two uncertain quantities:

- the demand D: how many of the R remaining ready people come and complete the activation,
  binomial-like with mean p·R, plus extra-binomial scatter (pools are estimates, days differ):
  D ~ Normal(p·R, p(1−p)·R + (κ·p·R)² + ¼), κ the relative overdispersion;
- the throughput T: how many the officers on site can process, T ~ Normal(r·H, (τ·r·H)² + ¼)
  with H the officer-hours of the visit and τ = 0.10 the day-to-day scatter of a team's pace.

For independent D and T, y = min(D, T) has density

    f(y) = f_D(y)·S_T(y) + f_T(y)·S_D(y)          (S = survival function, 1 − CDF)

The first term is "demand ran out first": y measures p directly (binomial information) and
only says r was not binding (S_T(y) ≈ 1 when r·H ≫ y). The second term is "the team was busy
until the end": y measures r, and about p it says only that demand was at least y — the visit is
*right-censored* information on p (S_D(y) = P(D > y | p)). Treating such a visit as if y = p·R
would drag p down toward y/R whenever teams were the bottleneck, and the planner would then
under-value exactly the venues that fill a team's day. Which regime applied is unknown, so the
likelihood keeps both terms and the data decide; a visit whose y sits near r·H and far below
p·R counts mostly for r, one far below r·H mostly for p.

Priors: p_type ~ Beta with the scenario's value as its mean and `p_relative_spread` as its
relative standard deviation; r ~ LogNormal with the scenario's value as its median and a
relative spread of 0.30; κ uniform over a small grid (0.05–0.6). The posterior is computed
exactly on grids (r × κ jointly, then p per type given each (r, κ): the types are
conditionally independent given r and κ), so there is no sampler to converge and the same data
always give the same numbers.

With no visits the calibration is not run and the scenario is used unchanged (today's
behaviour, exactly); a type with no visits keeps its prior exactly, whatever other types learn.
The rate is measured only by visits the team's pace limited: with none (every visit below its
capacity, demand ran out first) it keeps its prior exactly and reports 0 visits ("not measured
yet"), instead of a mean lifted above the prior by "the pace was not the limit"; with some,
its `visits` counts those visits only.

Venue effects (partial pooling)
-------------------------------
One school can be far better or worse than its type (its pool estimate is off, the headmaster
helps). Each venue gets a multiplier θ on its type's p, with a prior log θ ~ Normal(0, 0.3²)
(shrinkage toward its type). A visit contributes its ratio y / (p̂·R), on the log scale with
variance 1/(p̂·R) + 0.15², weighted by the posterior probability that demand, not the team's
pace, limited the visit (a capacity-bound visit says little about the venue). A venue seen once
moves a little; a venue seen three times with consistent results moves most of the way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.special import logsumexp

from planner.demand import p_range
from planner.scenario import DemandConfig

RATE = "activations_per_officer_hour"
RATE_PRIOR_SPREAD = 0.30
TAU = 0.10
KAPPAS = (0.05, 0.1, 0.2, 0.3, 0.45, 0.6)
VENUE_SD = 0.30
VENUE_VISIT_SD = 0.15
CREDIBLE = 0.90
_N_RATE = 121
_N_P = 121


@dataclass(frozen=True)
class Observation:
    """One reported visit as the calibration sees it.

    `pool` is the model's remaining ready pool at the venue before the visit (people);
    `officer_hours` the officers on site × hours on site; `activations` what the team reported.
    """

    venue_id: str
    p_key: str
    pool: float
    officer_hours: float
    activations: int


@dataclass(frozen=True)
class Posterior:
    """A learned parameter: prior, posterior mean, a 90 % credible interval, visits behind it."""

    name: str
    prior: float
    mean: float
    lo: float
    hi: float
    sd: float
    visits: int

    @property
    def learned(self) -> bool:
        return self.visits > 0


@dataclass(frozen=True)
class VenueEffect:
    """A venue's multiplier on its type's p (1 = like its type), shrunk toward 1."""

    venue_id: str
    multiplier: float
    visits: int


@dataclass(frozen=True)
class Calibration:
    """What the campaign learned; `demand_config` plugs it into the planner."""

    p_type: tuple[Posterior, ...]
    rate: Posterior
    overdispersion: float
    venue_effects: tuple[VenueEffect, ...]
    visits: int

    def p_of(self, key: str) -> Posterior | None:
        return next((q for q in self.p_type if q.name == key), None)

    def demand_config(self, cfg: DemandConfig) -> DemandConfig:
        """`cfg` with p_type and the per-officer-hour rate at their posterior means."""
        p_type = dict(cfg.p_type)
        for q in self.p_type:
            if q.learned:
                p_type[q.name] = min(max(q.mean, 1e-6), 1.0)
        return cfg.model_copy(
            update={"p_type": p_type, "activations_per_officer_hour": self.rate.mean}
        )

    @property
    def capacity_spread(self) -> float:
        """Relative sd of one visit's capacity: the team's day-to-day pace (τ) and what is
        still unknown about the rate."""
        rel = self.rate.sd / self.rate.mean if self.rate.mean > 0 else 0.0
        return float(np.hypot(TAU, rel))

    def p_band(
        self, key: str, cfg: DemandConfig, multiplier: float = 1.0, pool: float | None = None
    ) -> tuple[float, ...]:
        """(p, P10, P90) for one venue of type `key`: predictive, so a single visit's actual
        falls inside about 80 % of the time: what is still unknown about p, the visit-to-visit
        scatter κ, and (given the venue's `pool`) the binomial scatter of who turns up. A type
        with no visits keeps the scenario's p and spread."""
        q = self.p_of(key)
        if q is None or not q.learned:
            p = cfg.p_type.get(key, 0.0) * multiplier
            spread = cfg.p_relative_spread
        else:
            p = q.mean * multiplier
            spread = float(np.hypot(q.sd / q.mean if q.mean > 0 else 0.0, self.overdispersion))
            if pool is not None and pool >= 1 and 0 < p < 1:
                spread = float(np.hypot(spread, np.sqrt((1 - p) / (p * pool))))
        p = min(max(p, 1e-6), 1.0)
        lo, hi = p_range(p, min(spread, 0.99))
        return p, lo, hi

    @property
    def parameters(self) -> tuple[Posterior, ...]:
        return (*self.p_type, self.rate)


def beta_prior(mean: float, rel_sd: float) -> tuple[float, float]:
    """Beta(a, b) with the given mean and relative standard deviation (variance capped so that
    a, b stay above 0.5)."""
    var = (rel_sd * mean) ** 2
    limit = mean * (1 - mean)
    total = limit / var - 1.0 if var > 0 else 1e6
    total = max(total, 1.0 / min(mean, 1 - mean) if 0 < mean < 1 else 2.0)
    return mean * total, (1.0 - mean) * total


def _p_grid(a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid over p (uniform in logit between far prior quantiles) and log prior weights."""
    lo, hi = stats.beta.ppf([1e-7, 1 - 1e-7], a, b)
    lo = max(float(lo), 1e-7)
    hi = min(float(hi), 1 - 1e-7)
    # widen on the logit scale: data may pull p well outside a tight prior's bulk
    llo, lhi = np.log(lo / (1 - lo)) - 1.0, np.log(hi / (1 - hi)) + 1.0
    u = np.linspace(llo, lhi, _N_P)
    p = 1.0 / (1.0 + np.exp(-u))
    logw = stats.beta.logpdf(p, a, b) + np.log(p * (1 - p))
    return p, logw - logsumexp(logw)


def _rate_grid(r0: float) -> tuple[np.ndarray, np.ndarray]:
    z = np.linspace(-5.0, 5.0, _N_RATE)
    r = r0 * np.exp(RATE_PRIOR_SPREAD * z)
    logw = stats.norm.logpdf(z)
    return r, logw - logsumexp(logw)


def visit_loglik(
    y: np.ndarray, pool: np.ndarray, hours: np.ndarray, p: np.ndarray, r: np.ndarray, kappa: float
) -> np.ndarray:
    """log f(y | p, r, κ) for visits (axis 0) × r grid (axis 1) × p grid (axis 2)."""
    y3 = y[:, None, None]
    mu_d = p[None, None, :] * pool[:, None, None]
    sd_d = np.sqrt(mu_d * (1 - p[None, None, :]) + (kappa * mu_d) ** 2 + 0.25)
    mu_t = r[None, :, None] * hours[:, None, None]
    sd_t = np.sqrt((TAU * mu_t) ** 2 + 0.25)
    ld = stats.norm.logpdf(y3, mu_d, sd_d)
    sd_ = stats.norm.logsf(y3, mu_d, sd_d)
    lt = stats.norm.logpdf(y3, mu_t, sd_t)
    st_ = stats.norm.logsf(y3, mu_t, sd_t)
    out: np.ndarray = np.logaddexp(ld + st_, lt + sd_)
    return out


def _summary(
    name: str, prior: float, grid: np.ndarray, weights: np.ndarray, visits: int
) -> Posterior:
    w = weights / weights.sum()
    mean = float(w @ grid)
    sd = float(np.sqrt(max(w @ (grid - mean) ** 2, 0.0)))
    order = np.argsort(grid)
    cdf = np.cumsum(w[order])
    tail = (1 - CREDIBLE) / 2
    lo = float(np.interp(tail, cdf, grid[order]))
    hi = float(np.interp(1 - tail, cdf, grid[order]))
    return Posterior(name, prior, mean, lo, hi, sd, visits)


def _prior_posterior(key: str, p: float, cfg: DemandConfig) -> Posterior:
    """A p_type with no visits: exactly its prior (mean = the scenario's value)."""
    a, b = beta_prior(p, max(cfg.p_relative_spread, 0.05))
    tail = (1 - CREDIBLE) / 2
    lo, hi = (float(x) for x in stats.beta.ppf([tail, 1 - tail], a, b))
    return Posterior(key, p, p, lo, hi, cfg.p_relative_spread * p, 0)


def prior_only(cfg: DemandConfig) -> Calibration:
    """The calibration with no data: every parameter at its prior (nothing learned)."""
    ps = [_prior_posterior(key, p, cfg) for key, p in sorted(cfg.p_type.items())]
    r0 = cfg.activations_per_officer_hour
    rate = Posterior(
        RATE,
        r0,
        r0,
        r0 * float(np.exp(-1.6449 * RATE_PRIOR_SPREAD)),
        r0 * float(np.exp(1.6449 * RATE_PRIOR_SPREAD)),
        r0 * RATE_PRIOR_SPREAD,
        0,
    )
    return Calibration(tuple(ps), rate, 0.0, (), 0)


def calibrate(observations: Sequence[Observation], cfg: DemandConfig) -> Calibration:
    """Posterior of p_type and the per-officer-hour rate given reported visits (see module doc).

    Observations with no pool or no officer-hours carry no information on the model and are
    left out (their count is not in `visits`).
    """
    obs = [o for o in observations if o.pool > 0 and o.officer_hours > 0 and o.activations >= 0]
    if not obs:
        return prior_only(cfg)
    r_grid, r_logw = _rate_grid(cfg.activations_per_officer_hour)
    by_key: dict[str, list[Observation]] = {}
    for o in obs:
        by_key.setdefault(o.p_key, []).append(o)
    keys = sorted(set(cfg.p_type) | set(by_key))
    grids: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for key in keys:
        prior = cfg.p_type.get(key, 0.05)
        grids[key] = _p_grid(*beta_prior(prior, max(cfg.p_relative_spread, 0.05)))
    # joint[k, j]: log p(data | κ_k, r_j) after integrating out every p_type
    joint = np.zeros((len(KAPPAS), len(r_grid)))
    cond: dict[str, np.ndarray] = {}  # key -> [κ, r, p] log posterior of p given κ, r
    for key, items in by_key.items():
        y = np.array([o.activations for o in items], dtype=float)
        pool = np.array([o.pool for o in items], dtype=float)
        hours = np.array([o.officer_hours for o in items], dtype=float)
        p_grid, p_logw = grids[key]
        table = np.empty((len(KAPPAS), len(r_grid), len(p_grid)))
        for k, kappa in enumerate(KAPPAS):
            table[k] = visit_loglik(y, pool, hours, p_grid, r_grid, kappa).sum(axis=0)
        table += p_logw[None, None, :]
        marg = logsumexp(table, axis=2)
        joint += marg
        cond[key] = table - marg[:, :, None]
    joint += r_logw[None, :] - np.log(len(KAPPAS))
    post_kr = np.exp(joint - logsumexp(joint))
    post_r = post_kr.sum(axis=0)
    post_k = post_kr.sum(axis=1)
    kappa = float(post_k @ np.array(KAPPAS))
    n_total = len(obs)
    rate = _summary(RATE, cfg.activations_per_officer_hour, r_grid, post_r, n_total)
    ps = []
    for key in keys:
        prior = cfg.p_type.get(key, 0.05)
        items = by_key.get(key, [])
        if not items:
            ps.append(_prior_posterior(key, prior, cfg))
            continue
        p_grid, _ = grids[key]
        w = np.einsum("kr,krp->p", post_kr, np.exp(cond[key]))
        ps.append(_summary(key, prior, p_grid, w, len(items)))
    cal = Calibration(tuple(ps), rate, kappa, (), n_total)
    cal = _rate_measured_only_by_bound_visits(cal, obs, cfg)
    return _with_venue_effects(cal, obs, cfg, post_kr, r_grid)


def _rate_measured_only_by_bound_visits(
    cal: Calibration, obs: Sequence[Observation], cfg: DemandConfig
) -> Calibration:
    """The pace as the visits measured it: only a visit the team's pace limited (posterior
    probability above one half) measures it, and the rate's `visits` counts those.

    With none, the data only say "the pace was not the limit": that cuts the prior's low tail
    and lifts the posterior mean above the prior, which a manager would read as "teams are
    faster" and the next plan would use for its capacity-bound forecasts. Then the rate is
    not measured yet: it keeps its prior exactly (visits 0, not learned).
    """
    bound = int(np.sum(1.0 - _demand_limited(cal, obs, cfg) > 0.5))
    if bound == 0:
        return dataclasses.replace(cal, rate=prior_only(cfg).rate)
    return dataclasses.replace(cal, rate=dataclasses.replace(cal.rate, visits=bound))


def _demand_limited(cal: Calibration, obs: Sequence[Observation], cfg: DemandConfig) -> np.ndarray:
    """Posterior probability per visit that demand, not the team's pace, limited it."""
    out = np.empty(len(obs))
    for i, o in enumerate(obs):
        q = cal.p_of(o.p_key)
        p = q.mean if q is not None else cfg.p_type.get(o.p_key, 0.05)
        mu_d = p * o.pool
        sd_d = np.sqrt(mu_d * (1 - p) + (cal.overdispersion * mu_d) ** 2 + 0.25)
        mu_t = cal.rate.mean * o.officer_hours
        sd_t = np.sqrt((TAU * mu_t) ** 2 + 0.25)
        a = stats.norm.logpdf(o.activations, mu_d, sd_d) + stats.norm.logsf(
            o.activations, mu_t, sd_t
        )
        b = stats.norm.logpdf(o.activations, mu_t, sd_t) + stats.norm.logsf(
            o.activations, mu_d, sd_d
        )
        out[i] = float(np.exp(a - np.logaddexp(a, b)))
    return out


def _with_venue_effects(
    cal: Calibration,
    obs: Sequence[Observation],
    cfg: DemandConfig,
    _post_kr: np.ndarray,
    _r_grid: np.ndarray,
) -> Calibration:
    weight = _demand_limited(cal, obs, cfg)
    num: dict[str, float] = {}
    prec: dict[str, float] = {}
    count: dict[str, int] = {}
    for o, w in zip(obs, weight, strict=True):
        q = cal.p_of(o.p_key)
        p = q.mean if q is not None else cfg.p_type.get(o.p_key, 0.05)
        mu = p * o.pool
        if mu <= 0:
            continue
        z = float(np.log(max(o.activations, 0.5) / mu))
        tau = w / (1.0 / max(mu, 1.0) + VENUE_VISIT_SD**2)
        num[o.venue_id] = num.get(o.venue_id, 0.0) + tau * z
        prec[o.venue_id] = prec.get(o.venue_id, 0.0) + tau
        count[o.venue_id] = count.get(o.venue_id, 0) + 1
    effects = tuple(
        VenueEffect(vid, float(np.exp(num[vid] / (1.0 / VENUE_SD**2 + prec[vid]))), count[vid])
        for vid in sorted(num)
    )
    return Calibration(cal.p_type, cal.rate, cal.overdispersion, effects, cal.visits)


def learned_p(
    cal: Calibration,
    cfg: DemandConfig,
    venue_keys: Mapping[str, str],
    pools: Mapping[str, float] | None = None,
) -> dict[str, tuple[float, float, float]]:
    """(p, P10, P90) per venue_id (`venue_keys`: venue_id -> p_type key) for planner.demand;
    `pools` (venue_id -> remaining pool) adds the binomial scatter to the band."""
    mult = {e.venue_id: e.multiplier for e in cal.venue_effects}
    out: dict[str, tuple[float, float, float]] = {}
    for vid, key in venue_keys.items():
        pool = pools.get(vid) if pools else None
        p, lo, hi = cal.p_band(key, cfg, mult.get(vid, 1.0), pool)
        out[vid] = (p, lo, hi)
    return out
