"""SciPy as notebooks use it, wave 4: lognormal/Weibull/half-normal/truncated-normal
likelihoods, binomial GLMs through scipy.stats, frozen distributions' moments,
parameter vectors unpacked with *theta, SVD-based losses, IIR filters, Gaussian
smoothing with scipy.ndimage, kernels from cdist/pdist, quadrature with
scipy.integrate -- and what srcad refuses among them."""

import numpy as np
from scipy import integrate, linalg, ndimage, signal, stats
from scipy.ndimage import gaussian_filter, gaussian_filter1d
from scipy.spatial.distance import cdist, pdist, squareform

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rng = np.random.RandomState(404)
lifetimes = rng.weibull(1.7, size=20) * 2.0
incomes = np.exp(rng.normal(1.0, 0.6, size=20))
scores = np.clip(rng.normal(0.8, 1.1, size=20), -1.0, 3.0)
trials = np.full(12, 20)
dose = np.linspace(-1.5, 1.5, 12)
hits = rng.binomial(20, 1 / (1 + np.exp(-(0.3 + 1.2 * dose))))
noisy = np.sin(np.linspace(0, 4 * np.pi, 64)) + 0.3 * rng.randn(64)
pts = rng.uniform(-1, 1, size=(10, 2))
y_pts = np.sin(3 * pts[:, 0]) + pts[:, 1]


# ---------------------------------------------------------------- likelihoods

@case(np.array([0.9, 0.1]))
def lognormal_income_mle(theta):
    mu, log_sigma = theta
    nll = -stats.lognorm.logpdf(incomes, s=np.exp(log_sigma), scale=np.exp(mu)).sum()
    return nll / len(incomes)


@case(np.array([0.4, 0.6]))
def weibull_survival_with_censoring(log_params):
    shape, scale = np.exp(log_params)
    observed = lifetimes < 3.0
    ll = stats.weibull_min.logpdf(lifetimes[observed], shape, scale=scale).sum()
    ll += stats.weibull_min.logsf(3.0, shape, scale=scale) * np.sum(~observed)
    return -ll


@case(np.array([0.7, 0.1]))
def truncated_normal_scores(theta):
    mu, log_sd = theta
    sd = np.exp(log_sd)
    a, b = (-1.0 - mu) / sd, (3.0 - mu) / sd
    return -stats.truncnorm(a, b, loc=mu, scale=sd).logpdf(scores).sum()


@case(np.array([0.3, 1.0]))
def binomial_dose_response(beta):
    p = 1.0 / (1.0 + np.exp(-(beta[0] + beta[1] * dose)))
    return -np.sum(stats.binom.logpmf(hits, trials, p))


@case(np.array([0.2, -0.4]))
def hierarchical_halfnormal_scale(theta):
    mu, log_tau = theta
    tau = np.exp(log_tau)
    lp = stats.norm.logpdf(scores, mu, tau).sum()
    lp += stats.halfnorm.logpdf(tau, scale=1.5) + log_tau
    lp += stats.norm(0, 5).logpdf(mu)
    return -lp


@case(np.array([0.5, 0.9]))
def unpack_theta_into_logpdf(theta):
    return -np.sum(stats.norm.logpdf(scores, *theta))


@case(np.array([1.2, 0.3]))
def gamma_prior_star_tuple(theta):
    a, rate = np.exp(theta)
    prior = (a, 0.0, 1.0 / rate)
    return -np.sum(stats.gamma.logpdf(incomes, *prior))


@case(np.array([0.5, 0.9]))
def frozen_from_star_theta(theta):
    model = stats.norm(*theta)
    return -model.logpdf(scores).sum() + 0.1 * model.var()


@case(np.array([0.4, -0.3]))
def frozen_moment_matching(theta):
    d = stats.lognorm(np.exp(theta[1]), scale=np.exp(theta[0]))
    return (d.mean() - incomes.mean()) ** 2 + (d.std() - incomes.std()) ** 2


@case(np.array([0.6]))
def bernoulli_entropy_regulariser(z):
    p = 1 / (1 + np.exp(-z[0]))
    return -stats.bernoulli(p).entropy() + (p - 0.3) ** 2


# REFUSED: the number of trials of a binomial is an integer (SciPy gives nan for 19.5)
@case(np.array([20.0]), expect='refused', modes=FIRST, why='binom n is not differentiable')
def binomial_number_of_trials(n):
    return -np.sum(stats.binom.logpmf(hits, n[0], 0.5))


# REFUSED: the cdf of the inverse gamma has no closed-form derivative in its shape
@case(np.array([2.5]), expect='refused', modes=FIRST, why='invgamma.cdf in a')
def invgamma_cdf_shape(a):
    return np.sum(stats.invgamma.cdf(incomes, a[0]))


# ---------------------------------------------------------------- linear algebra

@case(rng.randn(4, 3))
def nuclear_norm_thin_svd(W):
    U, s, Vt = linalg.svd(W, full_matrices=False)
    return np.sum(s) + 0.1 * np.sum((U @ np.diag(s) @ Vt - W) ** 2)


@case(rng.randn(3, 3))
def top_singular_pair(A):
    U, s, Vh = linalg.svd(A)
    return s[0] ** 2 + np.sum(np.abs(U[:, 0] * Vh[0]))


@case(rng.randn(5, 3), modes=('grad', 'value_and_grad', 'vjp'))
def condition_number_default_full(A):
    s = linalg.svd(A, compute_uv=False)
    U, _, _ = linalg.svd(A)
    return s[0] / s[-1] + np.sum(U[:, :3] ** 4)


# REFUSED: the extra columns of U from full_matrices=True on a tall matrix are arbitrary
@case(rng.randn(5, 3), expect='refused', modes=('grad',), why='svd extra columns')
def full_u_extra_columns(A):
    U, s, Vt = linalg.svd(A)
    return np.sum(U[:, -1] ** 3)


# ---------------------------------------------------------------- signals and images

@case(np.array([0.2, 0.3, 0.5]))
def iir_denoise_fit(c):
    b = [c[0], c[1]]
    a = [1.0, -c[2]]
    y = signal.lfilter(b, a, noisy)
    return np.mean((y - np.sin(np.linspace(0, 4 * np.pi, 64))) ** 2)


@case(np.ones(64))
def smoothing_gain_profile(w):
    sm = gaussian_filter1d(w * noisy, sigma=3.0, mode='nearest')
    return np.sum((sm - np.sin(np.linspace(0, 4 * np.pi, 64))) ** 2) + 0.01 * np.sum(w ** 2)


@case(rng.rand(8, 8))
def image_denoise_tv_like(img):
    blurred = gaussian_filter(img, sigma=1.0)
    edges = ndimage.gaussian_filter1d(img, 1.0, axis=0, order=1)
    local = ndimage.uniform_filter(img, size=3, mode='constant')
    return np.sum((blurred - img) ** 2) + 0.1 * np.sum(edges ** 2) + np.sum(local ** 2)


# REFUSED: the width of the Gaussian is not a differentiable parameter here
@case(np.array([1.5]), expect='refused', modes=FIRST, why='sigma of gaussian_filter1d')
def learn_smoothing_width(s):
    return np.sum(gaussian_filter1d(noisy, s[0]) ** 2)


# ---------------------------------------------------------------- kernels

@case(np.array([-0.5, 0.0, -2.0]))
def gp_rbf_from_cdist(log_theta):
    ell, sf, sn = np.exp(log_theta)
    sqd = cdist(pts / ell, pts / ell, metric='sqeuclidean')
    K = sf ** 2 * np.exp(-0.5 * sqd) + sn ** 2 * np.eye(len(pts))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y_pts)
    return 0.5 * y_pts @ alpha + np.sum(np.log(np.diag(L)))


@case(pts.copy())
def repulsion_energy_pdist(X):
    d = pdist(X)
    return np.sum(1.0 / (d + 0.1)) + np.sum(X ** 2)


@case(pts + 0.05)
def laplacian_kernel_cityblock(X):
    K = np.exp(-cdist(X, pts[:4], 'cityblock'))
    return np.sum(K @ np.ones(4))


@case(pts.copy())
def stress_from_squareform(X):
    D = squareform(pdist(X, 'sqeuclidean'))
    return np.sum((D - 0.5) ** 2)


# a Matern 3/2 kernel is flat at r = 0: the zero distances of cdist(X, X) get no adjoint
@case(pts.copy())
def matern_self_distances(X):
    r = cdist(X, X)
    K = (1 + np.sqrt(3) * r) * np.exp(-np.sqrt(3) * r)
    return np.sum(K @ y_pts)


# REFUSED: the euclidean distance of a point to itself (the diagonal of cdist(X, X)) has no
# derivative, and exp(-r) is not flat there (NumPy's own formula gives nan)
@case(pts.copy(), expect='refused', modes=('grad',), why='euclidean distance zero')
def exponential_kernel_self_distances(X):
    K = np.exp(-cdist(X, X))
    return np.sum(K @ y_pts)


# REFUSED: only the euclidean, sqeuclidean and cityblock metrics have rules
@case(pts.copy(), expect='refused', modes=FIRST, why='cosine metric')
def cosine_similarity_cdist(X):
    return np.sum(1 - cdist(X, pts[:3], 'cosine'))


# ---------------------------------------------------------------- quadrature

@case(np.array([1.0, 0.4]))
def energy_by_simpson(p):
    t = np.linspace(0, 3, 31)
    v = p[0] * np.exp(-p[1] * t) * np.cos(2 * t)
    return integrate.simpson(v ** 2, x=t)


@case(np.array([0.5, 1.5]))
def cumulative_distance_travelled(p):
    t = np.linspace(0, 2, 15)
    speed = p[0] + p[1] * t ** 2
    dist = integrate.cumulative_trapezoid(speed, t, initial=0)
    return np.sum((dist - 2 * t) ** 2) + integrate.trapezoid(speed, dx=t[1] - t[0])
