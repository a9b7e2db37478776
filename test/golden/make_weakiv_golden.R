#!/usr/bin/env Rscript
# Golden values for the weak-instrument and endogeneity diagnostics of issue 18:
#   - the non-central chi-square quantile (R's qchisq(p, df, ncp)) and CDF (pchisq);
#   - the Montiel Olea-Pflueger (2013) effective F, K_eff, the Nagar bias bound B_e and the
#     simplified and generalized critical values, as Stata's weakivtest (Pflueger & Wang 2015)
#     defines them, computed here from matrices;
#   - the Lee, McCrary, Moreira & Porter (2022) tF critical value (their Table 3, interpolated
#     linearly in sqrt(F) as the R package ivDiag does), adjusted SE and 95% interval;
#   - the control-function Wu-Hausman test under the model's variance (and, when R fixest is
#     installed, the same statistic from feols + wald()), and the iid Wu-Hausman (fixest `wh`).
#
# Run from the repository root:
#   R_LIBS_USER=/work/rlib Rscript test/golden/make_weakiv_golden.R
# (fixest is optional: without it the fixest cross-checks are skipped and recorded as null.)
# Writes test/golden/weakiv_r.json (jsonlite, digits = NA).
#
# Data: test/golden/grunfeld_with_lag.csv (firm + year fixed effects, clustered by firm) and the
# bundled simulated panel data/panel.csv with notebook 04's 2SLS:
#   shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum) | code + year | ai ~ ai_iv
# clustered by code. The panel's checksums are recorded so that a test can tell a stale golden
# file from a wrong estimator after the simulator changes.
#
# Conventions (design.md section 4): fixed effects partialled out exactly (QR residuals on the
# dummies); K_full = slopes + FE levels - (F - 1); iid sigma^2 = SSR/(N - K_full); hetero HC1
# N/(N - K_full); cluster CR1 G/(G-1) (N-1)/(N-K) with K leaving out the FE nested in the cluster.

suppressPackageStartupMessages(library(jsonlite))
has_fixest <- suppressWarnings(requireNamespace("fixest", quietly = TRUE))
if (has_fixest) suppressPackageStartupMessages(library(fixest))

# ---------------------------------------------------------------------------
# 1. Non-central chi-square
# ---------------------------------------------------------------------------
nc_cases <- list(c(1, 20), c(1, 10), c(1, 5), c(1, 1 / 0.3), c(1, 3.33), c(2.5, 25), c(0.7, 3),
                 c(10, 200), c(3, 0), c(1.6, 16.3), c(4.2, 84))
noncentral <- lapply(nc_cases, function(a) {
  q <- qchisq(0.95, a[1], a[2])
  list(p = 0.95, df = a[1], ncp = a[2], quantile = q,
       cdf_at = a[1] + a[2], cdf = pchisq(a[1] + a[2], a[1], a[2]))
})

# ---------------------------------------------------------------------------
# 2. Helpers
# ---------------------------------------------------------------------------
tr <- function(A) sum(diag(A))
sympow <- function(A, p) {
  e <- eigen((A + t(A)) / 2, symmetric = TRUE)
  e$vectors %*% diag(e$values^p, nrow = length(e$values)) %*% t(e$vectors)
}

# weakivtest's cpatnaikgen: Patnaik's approximation, critical value and K_eff
patnaik <- function(w2eig, x, alpha = 0.05) {
  w <- w2eig / sum(w2eig)
  v <- 2 * sum(w^2) + 4 * x * max(w)
  ek <- 2 * (1 + 2 * x) / v
  c(value = qchisq(1 - alpha, ek, x * ek) / ek, keff = ek)
}

# weakivtest's Bmaxfunction, literally (dividing by tr(S12))
bmax <- function(beta, W1, W12, W2) {
  S12 <- W12 - beta * W2
  S1 <- W1 - 2 * beta * W12 + beta^2 * W2
  L <- eigen((S12 + t(S12)) / 2, symmetric = TRUE, only.values = TRUE)$values
  a <- tr(S12) / sqrt(tr(W2) * tr(S1))
  max(abs(a * (1 - 2 * min(L) / tr(S12))), abs(a * (1 - 2 * max(L) / tr(S12))))
}

# B_e = sup_beta Bmax(beta): the |beta| -> infinity limit (weakivtest's LimitB), a grid of
# 20,001 angles beta = s * tan(theta) (s the ratio of the error scales), then Brent's optimize()
bias_bound <- function(W1, W12, W2) {
  e <- eigen(W2, symmetric = TRUE, only.values = TRUE)$values
  limit <- abs(1 - 2 * min(e) / sum(e))
  s <- sqrt(tr(W1) / tr(W2))
  f <- function(th) bmax(s * tan(th), W1, W12, W2)
  th <- seq(-pi / 2, pi / 2, length.out = 20001)
  th <- th[-c(1, length(th))]
  v <- vapply(th, f, 0)
  i <- which.max(v)
  opt <- optimize(f, c(th[max(i - 1, 1)], th[min(i + 1, length(th))]), maximum = TRUE, tol = 1e-13)
  max(limit, v[i], opt$objective)
}

taus <- c("5%" = 0.05, "10%" = 0.10, "20%" = 0.20, "30%" = 0.30)

# The effective F from partialled instruments Z (N x k), endogenous x and outcome y.
# type: "iid", "hetero" or "cluster"; g the cluster ids; K_full and K (nested) of the first stage.
effective_f <- function(Z, x, y, type, g, K_full, K) {
  N <- nrow(Z)
  A <- crossprod(Z)
  pi_hat <- solve(A, crossprod(Z, x)); v <- drop(x - Z %*% pi_hat)
  d_hat <- solve(A, crossprod(Z, y));  u <- drop(y - Z %*% d_hat)
  k <- ncol(Z)
  if (type == "iid") {
    M <- kronecker(crossprod(cbind(u, v)), A)          # (e_a'e_b) * A, blocks [u, v]
    cfac <- 1 / (N - K_full)
  } else {
    S <- cbind(Z * u, Z * v)
    M <- if (type == "hetero") crossprod(S) else crossprod(rowsum(S, g))
    G <- length(unique(g))
    cfac <- if (type == "hetero") N / (N - K_full) else G / (G - 1) * (N - 1) / (N - K)
  }
  Ainv <- solve(A)
  V_pi <- cfac * Ainv %*% M[(k + 1):(2 * k), (k + 1):(2 * k)] %*% Ainv   # model's variance of pi_hat
  R <- sympow(A, -0.5)
  blk <- function(r, s) cfac * R %*% M[(r * k + 1):(r * k + k), (s * k + 1):(s * k + k)] %*% R
  W1 <- blk(0, 0); W12 <- blk(0, 1); W2 <- blk(1, 1)
  F_eff <- drop(t(pi_hat) %*% A %*% pi_hat) / tr(W2)
  eig <- eigen(W2, symmetric = TRUE, only.values = TRUE)$values
  B <- bias_bound(W1, W12, W2)
  crit <- lapply(taus, function(t) unname(patnaik(eig, B / t)["value"]))
  simp <- lapply(taus, function(t) unname(patnaik(eig, 1 / t)["value"]))
  list(F = F_eff, k_eff = unname(patnaik(eig, B / 0.10)["keff"]), bias_bound = B,
       critical = crit, critical_simplified = simp,
       wald_F_check = drop(t(pi_hat) %*% solve(V_pi) %*% pi_hat) / k,
       V_pi = V_pi, pi = drop(pi_hat))
}

# Cluster-robust (or iid / HC1) variance of an OLS of y on the partialled columns X (FWL).
ols_vcov <- function(X, y, type, g, K_full, K) {
  N <- nrow(X)
  XtXi <- solve(crossprod(X))
  b <- drop(XtXi %*% crossprod(X, y))
  e <- drop(y - X %*% b)
  V <- switch(type,
    iid = sum(e^2) / (N - K_full) * XtXi,
    hetero = N / (N - K_full) * XtXi %*% crossprod(X * e) %*% XtXi,
    cluster = {
      G <- length(unique(g))
      G / (G - 1) * (N - 1) / (N - K) * XtXi %*% crossprod(rowsum(X * e, g)) %*% XtXi
    })
  list(b = b, V = V, e = e, ssr = sum(e^2))
}

# Control-function Wu-Hausman under the chosen variance: y on [x, exog, vhat], Wald on vhat with
# df2 = the model's t degrees of freedom (G - 1 clustered, N - K_full otherwise); all columns are
# already partialled of the fixed effects, and exog is partialled out here by FWL.
cf_wu_hausman <- function(y, x, exog, vhat, type, g, K_full_aug, K_aug) {
  P <- function(v) if (is.null(exog)) v else qr.resid(qr(exog), v)
  fit <- ols_vcov(cbind(P(x), P(vhat)), P(y), type, g, K_full_aug, K_aug)
  stat <- fit$b[2]^2 / fit$V[2, 2]
  df2 <- if (type == "cluster") length(unique(g)) - 1 else nrow(cbind(x)) - K_full_aug
  list(stat = stat, df1 = 1, df2 = df2, p = pf(stat, 1, df2, lower.tail = FALSE))
}

# ---------------------------------------------------------------------------
# 3. Grunfeld: k = 1 (A), 2 (B) and 3 (D) instruments, one endogenous regressor
# ---------------------------------------------------------------------------
raw <- read.csv("test/golden/grunfeld_with_lag.csv")
raw <- raw[order(raw$firm, raw$year), ]
lag_within <- function(x, firm, year, k) unname(setNames(x, paste(firm, year))[paste(firm, year - k)])
raw$value_lag2   <- lag_within(raw$value,   raw$firm, raw$year, 2)
raw$capital_lag1 <- lag_within(raw$capital, raw$firm, raw$year, 1)

grunfeld_model <- function(excl) {
  d <- raw[complete.cases(raw[, c("inv", "value", "capital", excl)]), ]
  N <- nrow(d)
  D <- model.matrix(~ factor(firm) + factor(year), d)
  qD <- qr(D)
  part <- function(v) qr.resid(qD, as.matrix(d[, v, drop = FALSE]))
  Gf <- length(unique(d$firm)); Gy <- length(unique(d$year))
  n_fe <- Gf + Gy - 1
  exog <- part("capital")
  Px <- function(M) qr.resid(qr(exog), M)
  Z <- Px(part(excl)); x <- drop(Px(part("value"))); y <- drop(Px(part("inv")))
  k <- length(excl)
  K_full_fs <- k + 1 + n_fe                 # first stage / reduced form: instruments + capital + FE
  K_cl_fs <- K_full_fs - (Gf - 1)           # firm FE nested in the firm cluster
  vhat <- drop(part("value") - qr.fitted(qr(cbind(exog, part(excl))), part("value")))
  K_full_aug <- 3 + n_fe                    # value, capital, vhat + FE
  out <- list(N = N, instruments = I(excl))
  for (type in c("iid", "hetero", "cluster")) {
    ef <- effective_f(Z, x, y, type, d$firm, K_full_fs, K_cl_fs)
    wh <- cf_wu_hausman(drop(part("inv")), drop(part("value")), exog, vhat, type, d$firm, K_full_aug, K_full_aug - (Gf - 1))
    out[[type]] <- list(effective_F = ef[c("F", "k_eff", "bias_bound", "critical", "critical_simplified")],
                        cf_wu_hausman = wh, first_stage_wald_F = ef$wald_F_check)
  }
  out
}
grunfeld <- list(A = grunfeld_model("value_lag1"),
                 B = grunfeld_model(c("value_lag1", "value_lag2")),
                 D = grunfeld_model(c("value_lag1", "value_lag2", "capital_lag1")))

# Cross-check: with one instrument F_eff is fixest's ivwald (test/golden/grunfeld_fixest.json).
ref <- fromJSON("test/golden/grunfeld_fixest.json")
stopifnot(abs(grunfeld$A$cluster$effective_F$F / ref$iv_fitstat_cluster_firm[["ivwald1::value"]]$stat - 1) < 1e-10)
# With one instrument B_e = 1 and the critical values are chi2_1(x) quantiles.
stopifnot(abs(grunfeld$A$cluster$effective_F$bias_bound - 1) < 1e-12)
stopifnot(abs(grunfeld$A$cluster$effective_F$critical[["10%"]] - qchisq(0.95, 1, 10)) < 1e-10)
# Under iid the control-function test equals fixest's wh.
stopifnot(abs(grunfeld$A$iid$cf_wu_hausman$stat / ref$iv_fitstat_cluster_firm$wh$stat - 1) < 1e-10)

# ---------------------------------------------------------------------------
# 4. The bundled panel, notebook 04's 2SLS, clustered by code
# ---------------------------------------------------------------------------
p <- read.csv("data/panel.csv", colClasses = c(code = "character"))
controls <- c("lnpgdp", "gov", "fin", "open", "hc", "infra", "density")
years <- sort(unique(p$year))
for (t in years[-1]) p[[paste0("ss", t)]] <- p$share_sum * (p$year == t)   # i(year, share_sum); 2007 collinear with city FE
exog_names <- c(controls, paste0("ss", years[-1]))
stopifnot(!anyNA(p[, c("shrink", "ai", "ai_iv", exog_names)]))
N <- nrow(p)
D <- model.matrix(~ factor(code) + factor(year), p)
qD <- qr(D)
part <- function(v) qr.resid(qD, as.matrix(p[, v, drop = FALSE]))
G <- length(unique(p$code)); Ty <- length(unique(p$year))
n_fe <- G + Ty - 1
exog <- part(exog_names)
stopifnot(qr(exog)$rank == length(exog_names))
qE <- qr(exog)
Px <- function(M) qr.resid(qE, M)
z <- Px(part("ai_iv")); x <- drop(Px(part("ai"))); y <- drop(Px(part("shrink")))
K_full_fs <- 1 + length(exog_names) + n_fe
K_cl <- K_full_fs - (G - 1)
ef <- effective_f(z, x, y, "cluster", p$code, K_full_fs, K_cl)

# 2SLS by hand, clustered (design section 4): xhat = z pi, b = xhat'y / xhat'x
xhat <- drop(z %*% ef$pi)
b_iv <- sum(xhat * y) / sum(xhat * x)
u <- y - b_iv * x
se_iv <- sqrt(G / (G - 1) * (N - 1) / (N - K_cl) * sum(rowsum(xhat * u, p$code)^2) / sum(xhat^2)^2)

# tF: Lee et al. (2022) Table 3 at 5%, sqrt(F) = 2.0, 2.1, ..., 10.3, as in ivDiag's R/tF.R
tf_table <- c(18.66, 9.74, 7.37, 6.18, 5.43, 4.92, 4.54, 4.25, 4.01, 3.82, 3.65, 3.51, 3.39, 3.29, 3.19,
              3.11, 3.03, 2.97, 2.91, 2.85, 2.80, 2.75, 2.71, 2.67, 2.63, 2.60, 2.57, 2.54, 2.51, 2.48,
              2.46, 2.43, 2.41, 2.39, 2.37, 2.35, 2.33, 2.32, 2.30, 2.29, 2.27, 2.26, 2.24, 2.23, 2.22,
              2.21, 2.20, 2.19, 2.17, 2.16, 2.16, 2.15, 2.14, 2.13, 2.12, 2.11, 2.10, 2.10, 2.09, 2.08,
              2.08, 2.07, 2.06, 2.06, 2.05, 2.04, 2.04, 2.03, 2.03, 2.02, 2.02, 2.01, 2.01, 2.00, 2.00,
              1.99, 1.99, 1.99, 1.98, 1.98, 1.97, 1.97, 1.97, 1.96)
tf_c <- function(Fstat) {
  if (Fstat >= 104.67) return(1.96)
  r <- sqrt(Fstat)
  if (r < 2) return(Inf)
  grid <- seq(2, 10.3, 0.1)
  lo <- max(which(grid <= r)); hi <- min(lo + 1, length(grid))
  if (lo == hi) return(tf_table[lo])
  h1 <- r - grid[lo]; h2 <- grid[hi] - r
  (tf_table[hi] * h1 + tf_table[lo] * h2) / (h1 + h2)
}
stopifnot(length(tf_table) == 84)
c_tf <- tf_c(ef$F)
tF <- list(F = ef$F, critical_value = c_tf, coef = b_iv, se = se_iv, se_tF = se_iv * c_tf / 1.96,
           ci = c(b_iv - c_tf * se_iv, b_iv + c_tf * se_iv))
tf_points <- lapply(c(4, 4.41, 5, 10, 16.38, 23.1085, 42.03, 104.04, 104.5, 150), function(f) list(F = f, c = tf_c(f)))

# Control-function Wu-Hausman, clustered, df (1, G - 1); and the iid Wu-Hausman (fixest wh)
fs_fit <- qr.fitted(qr(cbind(exog, part("ai_iv"))), part("ai"))
vhat <- drop(part("ai") - fs_fit)
K_full_aug <- 1 + length(exog_names) + 1 + n_fe
cf <- cf_wu_hausman(drop(part("shrink")), drop(part("ai")), exog, vhat, "cluster", p$code, K_full_aug, K_full_aug - (G - 1))
ssr_r <- sum(qr.resid(qr(cbind(part("ai"), exog)), part("shrink"))^2)
ssr_u <- sum(qr.resid(qr(cbind(part("ai"), exog, vhat)), part("shrink"))^2)
wh_df2 <- N - (1 + length(exog_names) + n_fe) - 1
wh_stat <- (ssr_r - ssr_u) / (ssr_u / wh_df2)
wh_iid <- list(stat = wh_stat, df1 = 1, df2 = wh_df2, p = pf(wh_stat, 1, wh_df2, lower.tail = FALSE))

fixest_check <- NULL
if (has_fixest) {
  setFixest_nthreads(1)
  # ref = 2007 names the collinear year slope that the kit drops (without it fixest drops 2023
  # instead, which spans the same space, and its `wh` then returns NA)
  fml <- shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum, ref = 2007) | code + year | ai ~ ai_iv
  iv <- feols(fml, p, cluster = ~code)
  stopifnot(abs(coef(iv)[["fit_ai"]] / b_iv - 1) < 1e-8, abs(se(iv)[["fit_ai"]] / se_iv - 1) < 1e-8)
  ivw <- fitstat(iv, "ivwald1")[[1]]
  stopifnot(abs(ivw$stat / ef$F - 1) < 1e-8)
  whf <- fitstat(iv, "wh")[[1]]
  stopifnot(abs(whf$stat / wh_stat - 1) < 1e-8)
  p$vhat <- resid(summary(iv, stage = 1))
  cf_fit <- feols(shrink ~ ai + lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum, ref = 2007) + vhat | code + year, p, cluster = ~code)
  w <- wald(cf_fit, keep = "^vhat$", print = FALSE)
  stopifnot(abs(w$stat / cf$stat - 1) < 1e-8)
  fixest_check <- list(version = as.character(packageVersion("fixest")), ivwald = ivw$stat, wh = whf$stat,
                       cf_wald = list(stat = w$stat, p = w$p, df1 = w$df1, df2 = w$df2),
                       cf_t_pvalue = unname(pvalue(cf_fit)[["vhat"]]))
}

panel <- list(
  model = "shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum) | code + year | ai ~ ai_iv, cluster = code",
  checksum = list(nobs = N, sum_shrink = sum(p$shrink), sum_ai = sum(p$ai), sum_ai_iv = sum(p$ai_iv)),
  effective_F = ef[c("F", "k_eff", "bias_bound", "critical", "critical_simplified")],
  tF = tF, cf_wu_hausman = cf, wu_hausman_iid = wh_iid, fixest = fixest_check)

out <- list(
  meta = list(script = "test/golden/make_weakiv_golden.R", R = R.version.string,
              fixest = if (has_fixest) as.character(packageVersion("fixest")) else NULL),
  noncentral_chisq = noncentral, grunfeld = grunfeld, panel = panel, tF_points = tf_points)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), "test/golden/weakiv_r.json")
cat("wrote test/golden/weakiv_r.json\n")
