#!/usr/bin/env Rscript
# Golden values for the instrumental-variables diagnostics (design.md §3-§4).
#
# Run from the repository root:   Rscript test/golden/make_iv_golden.R
# Writes:                         test/golden/iv_r.json   (jsonlite, digits = NA)
#
# Everything is computed by hand in matrix algebra on the Grunfeld panel with
# the firm and year fixed effects partialled out exactly (QR residuals on the
# full set of firm and year dummies), following design §4 and the algebra of
# ivreg2 / ranktest / ivreghdfe (Baum, Schaffer & Stillman; Kleibergen &
# Schaffer) and fixest 0.12 (fitstat ivf / ivwald / cd / wh).  Cross-checks:
# AER::ivreg with factor dummies + sandwich, the fixest reference file
# (test/golden/grunfeld_fixest.json), and an independent numpy
# re-implementation (embedded below, run with /usr/bin/python3 when numpy is
# available) for the two-step GMM Hansen J and the KP rk statistics.
#
# Models (fixed effects firm + year in every model):
#   A  inv ~ capital | firm + year | value ~ value_lag1                (N = 190)
#   B  inv ~ capital | firm + year | value ~ value_lag1 + value_lag2   (N = 180)
#   C  inv ~ 1 | firm + year | value + capital ~ value_lag1 + value_lag2 + capital_lag1  (N = 180)
# vcov types: iid, hetero, cluster by firm; model A also two-way firm + year.

suppressPackageStartupMessages({
  library(jsonlite)
  library(AER)
  library(sandwich)
})

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
raw <- read.csv("test/golden/grunfeld_with_lag.csv")
raw <- raw[order(raw$firm, raw$year), ]
rownames(raw) <- NULL

# value of x at year t - k within the same firm (NA when that year is absent)
lag_within <- function(x, firm, year, k) {
  key <- paste(firm, year)
  unname(setNames(x, key)[paste(firm, year - k)])
}
chk_lag1 <- lag_within(raw$value, raw$firm, raw$year, 1)
stopifnot(isTRUE(all.equal(chk_lag1, raw$value_lag1)))  # the committed lag agrees
raw$value_lag2   <- lag_within(raw$value,   raw$firm, raw$year, 2)
raw$capital_lag1 <- lag_within(raw$capital, raw$firm, raw$year, 1)

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
ssq <- function(x) sum(x * x)
pt2 <- function(t, df) 2 * pt(-abs(t), df)           # never 1 - F(|t|)
sym <- function(A) (A + t(A)) / 2
symsqrt <- function(A) {
  e <- eigen(sym(A), symmetric = TRUE)
  v <- pmax(e$values, 0)
  e$vectors %*% (sqrt(v) * t(e$vectors))
}
named <- function(v, nm) setNames(as.list(unname(v)), nm)
mat_out <- function(M) unname(lapply(seq_len(nrow(M)), function(i) I(unname(M[i, ]))))

# meat matrices (no small-sample factor)
meat_hc0 <- function(S) crossprod(S)
meat_cl  <- function(S, g) crossprod(rowsum(S, g, reorder = TRUE))

# Sample and FE-partialled design for one model ------------------------------
make_model <- function(id, sample_vars, y, endo, exog, excl, label) {
  d <- raw[complete.cases(raw[, sample_vars]), ]
  rownames(d) <- NULL
  N <- nrow(d)
  D <- model.matrix(~ factor(firm) + factor(year), d)   # 1 + 9 + (T-1) columns
  qD <- qr(D)
  stopifnot(qD$rank == ncol(D))
  n_fe <- qD$rank                       # = sum of levels - (F - 1) for 2 crossed FE
  G_firm <- length(unique(d$firm)); G_year <- length(unique(d$year))
  stopifnot(n_fe == G_firm + G_year - 1)
  part <- function(v) { M <- as.matrix(d[, v, drop = FALSE]); R <- qr.resid(qD, M); colnames(R) <- v; R }
  list(
    id = id, label = label, d = d, N = N, n_fe = n_fe,
    G_firm = G_firm, G_year = G_year,
    y_name = y, endo = endo, exog = exog, excl = excl,
    y = drop(part(y)), y_raw = d[[y]],
    X1 = part(endo),
    X2 = if (length(exog)) part(exog) else NULL,
    Z1 = part(excl),
    firm = d$firm, year = d$year, firmyear = paste(d$firm, d$year)
  )
}

# Degrees of freedom K under design §4's rules, for p slopes
K_rule <- function(m, p, type) {
  K_full <- p + m$n_fe
  switch(type,
    iid = K_full,
    hetero = K_full,
    cluster_firm = K_full - (m$G_firm - 1),                       # firm FE nested in firm
    twoway_firm_year = K_full - (m$G_firm - 1) - (m$G_year - 1)    # both FE nested
  )
}

# Variance with fixest's small-sample conventions.
# bread = (W'W)^-1 with W the regressors (projected ones for 2SLS),
# scores = W * u (row-wise), u the residuals.
vcov_fixest <- function(m, bread, scores, u, p, type) {
  N <- m$N
  K <- K_rule(m, p, type)
  K_full <- K_rule(m, p, "iid")
  out <- switch(type,
    iid = list(V = ssq(u) / (N - K_full) * bread, df_t = N - K_full,
               factor = NA, G = NA),
    hetero = list(V = N / (N - K_full) * bread %*% meat_hc0(scores) %*% bread,
                  df_t = N - K_full, factor = N / (N - K_full), G = NA),
    cluster_firm = {
      G <- m$G_firm
      f <- G / (G - 1) * (N - 1) / (N - K)
      list(V = f * bread %*% meat_cl(scores, m$firm) %*% bread, df_t = G - 1,
           factor = f, G = G)
    },
    twoway_firm_year = {
      G <- min(m$G_firm, m$G_year)
      f <- G / (G - 1) * (N - 1) / (N - K)
      M <- meat_cl(scores, m$firm) + meat_cl(scores, m$year) - meat_cl(scores, m$firmyear)
      list(V = f * bread %*% M %*% bread, df_t = G - 1, factor = f, G = G)
    })
  out$V <- sym(out$V)
  out$K <- K
  out
}

# ivreghdfe's small-sample count (read from ivreghdfe.ado 1.2.0 and reghdfe's estimate_dof, not run):
# sdofminus = reghdfe's df_a, or 1 when df_a == 0; ivreghdfe estimates no constant. reghdfe drops the
# levels of an FE nested in a cluster variable and, once any FE is nested, takes one redundant level
# from every other FE (the constant is then reghdfe's own _cons, which ivreghdfe does not count).
# So with firm + year FE clustered by firm: df_a = T - 1 (fixest's nested K counts T).
K_ivreghdfe <- function(m, p, type) {
  df_a <- switch(type,
    iid = m$n_fe, hetero = m$n_fe,
    cluster_firm = m$G_year - 1,
    twoway_firm_year = 0)
  p + max(df_a, 1)
}

coef_table <- function(b, V, df_t) {
  se <- sqrt(diag(V)); tt <- b / se
  setNames(lapply(seq_along(b), function(i)
    list(estimate = unname(b[i]), se = unname(se[i]), t = unname(tt[i]),
         p = unname(pt2(tt[i], df_t)))), names(b))
}

# S matrix of the moment conditions (ivreg2's m_omega), 1/N scaling, no dof factor.
# e: N x k "residual" columns, Z: N x L instruments; vec ordering e (outer) x z (inner).
omega_S <- function(m, e, Z, type) {
  e <- as.matrix(e); N <- nrow(Z)
  sc <- do.call(cbind, lapply(seq_len(ncol(e)), function(j) e[, j] * Z))
  switch(type,
    iid = kronecker(crossprod(e) / N, crossprod(Z)) / N,
    hetero = crossprod(sc) / N,
    cluster_firm = meat_cl(sc, m$firm) / N,
    twoway_firm_year = (meat_cl(sc, m$firm) + meat_cl(sc, m$year) -
                          meat_cl(sc, m$firmyear)) / N)
}

# Kleibergen-Paap rk statistic for H0: rank(Pi) = K - 1 (ranktest's "full" test),
# Pi the L x K coefficient matrix of Y (N x K) on Z (N x L), both already
# partialled of the fixed effects and the included exogenous regressors.
# Algebra of ranktest 1.4 (s_rkstat, Kleibergen & Paap 2006 sec. 3):
#   Ry, Rz upper Cholesky factors of Y'Y and Z'Z (Ry'Ry = Y'Y),
#   Theta = Rz Pi Ry^-1, full SVD Theta = U diag(s) V',
#   shat = S matrix of e (x) z with e = Y (LM) or e = Y - Z Pi (Wald),
#   vhat = N (Ry^-T (x) Rz^-T) shat (Ry^-T (x) Rz^-T)',
#   with q = K:  A_q = [U12; U22] U22^-1 (U22 U22')^1/2,
#                B_q = (V22 V22')^1/2 V22'^-1 [V12; V22]',
#   lambda = (B_q (x) A_q') vec(Theta),  Omega = (B_q (x) A_q') vhat (.)',
#   rk = lambda' Omega^-1 lambda ~ chi2((L - K + 1)(1)).
rk_stat <- function(m, Y, Z, type, wald) {
  Y <- as.matrix(Y); Z <- as.matrix(Z)
  N <- nrow(Y); K <- ncol(Y); L <- ncol(Z)
  Pi <- solve(crossprod(Z), crossprod(Z, Y))
  Ry <- chol(crossprod(Y)); Rz <- chol(crossprod(Z))
  iRy <- backsolve(Ry, diag(K)); iRz <- backsolve(Rz, diag(L))
  Theta <- Rz %*% Pi %*% iRy
  sv <- svd(Theta, nu = L, nv = K)
  U <- sv$u; V <- sv$v; cc <- sv$d
  e <- if (wald) Y - Z %*% Pi else Y
  shat <- omega_S(m, e, Z, type)
  Tm <- kronecker(t(iRy), t(iRz))
  vhat <- sym(Tm %*% shat %*% t(Tm)) * N
  i <- K
  u22 <- U[i:L, i:L, drop = FALSE]; v22 <- V[i:K, i:K, drop = FALSE]
  if (i > 1) {
    u12 <- U[1:(i - 1), i:L, drop = FALSE]; v12 <- V[1:(i - 1), i:K, drop = FALSE]
    Uq <- rbind(u12, u22); Vq <- rbind(v12, v22)
  } else { Uq <- u22; Vq <- v22 }
  aq <- Uq %*% solve(u22) %*% symsqrt(u22 %*% t(u22))
  bq <- symsqrt(v22 %*% t(v22)) %*% solve(t(v22)) %*% t(Vq)
  kr <- kronecker(bq, t(aq))
  lab <- kr %*% as.vector(Theta)
  vlab <- sym(kr %*% vhat %*% t(kr))
  rk <- drop(t(lab) %*% solve(vlab, lab))
  list(stat = rk, df = (L - i + 1) * (K - i + 1), ccorr = cc)
}

# ---------------------------------------------------------------------------
# One model, one vcov type
# ---------------------------------------------------------------------------
fit_iv <- function(m) {
  X <- cbind(m$X1, m$X2); Z <- cbind(m$Z1, m$X2)
  Xhat <- qr.fitted(qr(Z), X)
  b <- drop(qr.coef(qr(Xhat), m$y)); names(b) <- colnames(X)
  u <- drop(m$y - X %*% b)
  list(X = X, Z = Z, Xhat = Xhat, b = b, u = u, bread = solve(crossprod(Xhat)))
}

first_stage <- function(m, type) {
  Z <- cbind(m$Z1, m$X2)
  q <- ncol(m$Z1); p_fs <- ncol(Z)
  bread <- solve(crossprod(Z))
  res <- list()
  for (j in colnames(m$X1)) {
    x <- m$X1[, j]
    g <- drop(qr.coef(qr(Z), x)); names(g) <- colnames(Z)
    v <- drop(x - Z %*% g)
    ssr <- ssq(v)
    ssr_r <- if (is.null(m$X2)) ssq(x) else ssq(qr.resid(qr(m$X2), x))
    vc <- vcov_fixest(m, bread, Z * v, v, p_fs, type)
    K <- vc$K
    df2 <- m$N - K
    ivf <- ((ssr_r - ssr) / q) / (ssr / df2)
    bi <- g[colnames(m$Z1)]
    Vi <- vc$V[colnames(m$Z1), colnames(m$Z1), drop = FALSE]
    ivwald <- drop(t(bi) %*% solve(Vi, bi)) / q
    res[[j]] <- list(
      K = K, df_t = vc$df_t,
      coefficients = coef_table(g, vc$V, vc$df_t),
      vcov = mat_out(vc$V), vcov_names = I(colnames(Z)),
      ssr = ssr, ssr_no_excluded = ssr_r,
      ivf = list(stat = ivf, p = pf(ivf, q, df2, lower.tail = FALSE), df1 = q, df2 = df2),
      ivwald = list(stat = ivwald, p = pf(ivwald, q, df2, lower.tail = FALSE), df1 = q, df2 = df2)
    )
  }
  res
}

# Hansen J (ivreg2): S from the 2SLS residuals, two-step efficient GMM with W = S^-1,
# J = N gbar(b2)' S^-1 gbar(b2) with the same S.
hansen_j <- function(m, fit, type) {
  Z <- fit$Z; X <- fit$X; y <- m$y; N <- m$N
  S <- omega_S(m, fit$u, Z, type)
  Si <- solve(S)
  QXZ <- crossprod(X, Z) / N; QZy <- crossprod(Z, y) / N
  b2 <- drop(solve(QXZ %*% Si %*% t(QXZ), QXZ %*% Si %*% QZy)); names(b2) <- colnames(X)
  e2 <- drop(y - X %*% b2)
  gbar <- crossprod(Z, e2) / N
  J <- drop(N * t(gbar) %*% Si %*% gbar)
  df <- ncol(m$Z1) - ncol(m$X1)
  list(stat = J, df = df, p = pchisq(J, df, lower.tail = FALSE),
       gmm2s_coef = as.list(b2))
}

sargan <- function(m, fit) {
  u <- fit$u; N <- m$N
  Pu <- qr.fitted(qr(fit$Z), u)
  stat <- N * ssq(Pu) / ssq(u)        # = N * (1 - u'M_Z u / u'u) (u has mean 0 within FE)
  # fixest's form: N * (1 - SSR(u on Z, FE-demeaned) / centred SS of u)
  stat_fixest <- N * (1 - ssq(u - Pu) / ssq(u - mean(u)))
  # ivreg2's form: J with S = (u'u/N) Z'Z/N, efficient 1-step (homoskedastic) GMM
  S <- (ssq(u) / N) * crossprod(fit$Z) / N
  gbar <- crossprod(fit$Z, u) / N
  stat_ivreg2 <- drop(N * t(gbar) %*% solve(S, gbar))
  df <- ncol(m$Z1) - ncol(m$X1)
  list(stat = stat, df = df, p = pchisq(stat, df, lower.tail = FALSE),
       stat_fixest_form = stat_fixest, stat_ivreg2_J_form = stat_ivreg2)
}

wu_hausman <- function(m) {
  Z <- cbind(m$Z1, m$X2)
  Vres <- qr.resid(qr(Z), m$X1); colnames(Vres) <- paste0("v_", colnames(m$X1))
  W <- cbind(m$X1, Vres, m$X2)
  qW <- qr(W)
  bw <- qr.coef(qW, m$y); names(bw) <- colnames(W)
  r <- qr.resid(qW, m$y)
  k_endo <- ncol(m$X1)
  K_full <- ncol(m$X1) + (if (is.null(m$X2)) 0 else ncol(m$X2)) + m$n_fe
  df2 <- m$N - (K_full + k_endo)
  s2 <- ssq(r) / df2
  idx <- colnames(Vres)
  Vb <- s2 * solve(crossprod(W))[idx, idx, drop = FALSE]
  stat <- drop(t(bw[idx]) %*% solve(Vb, bw[idx])) / k_endo
  list(stat = stat, p = pf(stat, k_endo, df2, lower.tail = FALSE), df1 = k_endo, df2 = df2)
}

# Cragg-Donald: canonical correlations of the partialled endogenous regressors and
# the partialled excluded instruments (FE and included exogenous regressors out).
cragg_donald <- function(m, types) {
  X1 <- m$X1; Z1 <- m$Z1
  if (!is.null(m$X2)) { X1 <- qr.resid(qr(m$X2), X1); Z1 <- qr.resid(qr(m$X2), Z1) }
  cc <- svd(chol(crossprod(Z1)) %*% solve(crossprod(Z1), crossprod(Z1, X1)) %*%
              backsolve(chol(crossprod(X1)), diag(ncol(X1))))$d
  cc_cancor <- cancor(X1, Z1, xcenter = FALSE, ycenter = FALSE)$cor
  ev <- min(cc)^2
  mineig <- ev / (1 - ev)
  N <- m$N; k <- ncol(X1); l <- ncol(Z1)
  k2 <- if (is.null(m$X2)) 0 else ncol(m$X2)
  p_fs <- l + k2
  out <- list(
    canonical_correlations = I(sort(cc, decreasing = TRUE)),
    canonical_correlations_R_cancor = I(sort(cc_cancor, decreasing = TRUE)),
    min_eigenvalue = mineig,
    fixest = (N - k - l - 1) / l * mineig,
    fixest_formula = "(N - n_endo - n_inst - 1)/n_inst * rho_min^2/(1 - rho_min^2)  [fixest cd_stat, n_inst = excluded instruments]",
    ivreg2 = (N - (p_fs + m$n_fe)) / l * mineig,
    ivreg2_formula = "cdf = cd * (N - iv1_ct - sdofminus - dofminus)/exex1_ct, cd = rho_min^2/(1 - rho_min^2); with the FE as dummies (plain ivreg2) iv1_ct counts every instrument incl. dummies and constant = L1 + K2 + n_fe, so cdf = mineig * (N - K_fs_full)/L1; ivreghdfe without clustering gives the same (sdofminus = absorbed dof)",
    anderson_lm = N * ev,
    cd_chi2 = N * mineig
  )
  out$ivreghdfe_by_vcov <- list()
  out$nested_K_by_vcov <- list()
  for (ty in types) {
    out$ivreghdfe_by_vcov[[ty]] <- (N - K_ivreghdfe(m, p_fs, ty)) / l * mineig
    out$nested_K_by_vcov[[ty]] <- (N - K_rule(m, p_fs, ty)) / l * mineig
  }
  out$ivreghdfe_note <- "ivreghdfe_by_vcov: cdf = mineig * (N - L1 - K2 - sdofminus)/L1 with sdofminus = reghdfe's df_a (firm + year FE: n_fe unclustered; T - 1 clustered by firm, where the firm FE is nested and the year FE loses one level; 0 -> 1 when both are nested), read from the ado/mata sources, not run. nested_K_by_vcov: the same with design 4's nested K (which counts T, not T - 1, under firm clustering)."
  out
}

kp_block <- function(m, type) {
  Y <- m$X1; Z <- m$Z1
  if (!is.null(m$X2)) { Y <- qr.resid(qr(m$X2), Y); Z <- qr.resid(qr(m$X2), Z) }
  N <- m$N; L1 <- ncol(Z); K1 <- ncol(Y)
  k2 <- if (is.null(m$X2)) 0 else ncol(m$X2)
  K_fs <- K_rule(m, L1 + k2, type)
  lm_gen <- rk_stat(m, Y, Z, type, wald = FALSE)
  wd_gen <- rk_stat(m, Y, Z, type, wald = TRUE)
  ev <- lm_gen$ccorr^2
  anderson <- N * min(ev)                  # ranktest iid LM: N * smallest eigenvalue
  cd_chi2 <- N * min(ev) / (1 - min(ev))   # ranktest iid Wald: N * ev/(1-ev)
  if (type == "iid") {
    lm <- anderson; wchi <- cd_chi2
  } else {
    lm <- lm_gen$stat; wchi <- wd_gen$stat
  }
  df <- L1 - K1 + 1
  if (type %in% c("cluster_firm", "twoway_firm_year")) {
    G <- if (type == "cluster_firm") m$G_firm else min(m$G_firm, m$G_year)
    F <- wchi / L1 * (N - K_fs) / (N - 1) * (G - 1) / G
    Fform <- "chi2/L1 * (N - K)/(N - 1) * (G - 1)/G"
  } else {
    G <- NA
    F <- wchi / L1 * (N - K_fs) / N
    Fform <- "chi2/L1 * (N - K)/N"
  }
  K_ivh <- K_ivreghdfe(m, L1 + k2, type)
  F_ivh <- if (is.na(G)) wchi / L1 * (N - K_ivh) / N else wchi / L1 * (N - K_ivh) / (N - 1) * (G - 1) / G
  list(
    lm = list(stat = lm, df = df, p = pchisq(lm, df, lower.tail = FALSE)),
    wald_F_ivreghdfe_literal = list(stat = F_ivh, K = K_ivh,
      note = "same scaling with K = L1 + K2 + sdofminus as ivreghdfe 1.2.0 would count it (see cragg_donald.ivreghdfe_note); differs from wald_F only under one-way firm clustering"),
    wald_chi2 = list(stat = wchi, df = df, p = pchisq(wchi, df, lower.tail = FALSE)),
    wald_F = F, wald_F_formula = Fform, K = K_fs, G = G,
    general_formula_with_iid_S = if (type == "iid")
      list(lm = lm_gen$stat, wald_chi2 = wd_gen$stat) else NULL
  )
}

# Anderson-Rubin (model with one endogenous regressor): regress y - b0 * x on the
# instruments (excluded + included exogenous, FE partialled); Wald F on the
# excluded instruments with the model's vcov and the first-stage K rule.
ar_stat <- function(m, b0, type) {
  Z <- cbind(m$Z1, m$X2); q <- ncol(m$Z1)
  yt <- m$y - b0 * m$X1[, 1]
  g <- drop(qr.coef(qr(Z), yt)); names(g) <- colnames(Z)
  v <- drop(yt - Z %*% g)
  vc <- vcov_fixest(m, solve(crossprod(Z)), Z * v, v, ncol(Z), type)
  bi <- g[colnames(m$Z1)]
  Vi <- vc$V[colnames(m$Z1), colnames(m$Z1), drop = FALSE]
  F <- drop(t(bi) %*% solve(Vi, bi)) / q
  df2 <- m$N - vc$K
  list(beta0 = b0, stat = F, df1 = q, df2 = df2, p = pf(F, q, df2, lower.tail = FALSE),
       wald_chi2 = F * q)
}

ar_confset <- function(m, type, level = 0.95) {
  a0 <- ar_stat(m, 0, type)
  q <- a0$df1; df2 <- a0$df2
  crit <- qf(level, q, df2)
  stopifnot(q == 1)
  # With one instrument the AR statistic is F(b) = (a - b c)^2 / V(b) with V quadratic
  # in b (same bread, same factors, scores linear in b): recover V(b) = v0 + v1 b + v2 b^2
  # and the coefficient line from three evaluations, solve the quadratic, then polish
  # each root with uniroot on F(b) - crit.
  Z <- cbind(m$Z1, m$X2)
  coefb <- function(b) { yt <- m$y - b * m$X1[, 1]; drop(qr.coef(qr(Z), yt))[1] }
  Vb <- function(b) { s <- ar_stat(m, b, type); coefb(b)^2 / s$stat }
  a <- coefb(0); c1 <- a - coefb(1)
  V0 <- Vb(0); V1 <- Vb(1); Vm1 <- Vb(-1)
  v2 <- (V1 + Vm1) / 2 - V0; v1 <- (V1 - Vm1) / 2; v0 <- V0
  # (a - b c1)^2 - crit (v0 + v1 b + v2 b^2) = 0
  A2 <- c1^2 - crit * v2; A1 <- -2 * a * c1 - crit * v1; A0 <- a^2 - crit * v0
  disc <- A1^2 - 4 * A2 * A0
  f <- function(b) ar_stat(m, b, type)$stat - crit
  roots <- numeric(0)
  if (disc > 0) {
    r <- sort(c((-A1 - sqrt(disc)) / (2 * A2), (-A1 + sqrt(disc)) / (2 * A2)))
    for (r0 in r) {
      h <- 1e-6 * max(1, abs(r0))
      rr <- tryCatch(uniroot(f, c(r0 - h, r0 + h), tol = 1e-14)$root, error = function(e) r0)
      roots <- c(roots, rr)
    }
  }
  shape <- if (disc <= 0) {
    if (A2 > 0) "empty" else "whole real line"
  } else if (A2 > 0) "bounded interval [lower, upper]" else "union of two rays (-inf, lower] U [upper, inf)"
  list(level = level, F_crit = crit, df1 = q, df2 = df2, shape = shape,
       lower = if (length(roots)) roots[1] else NULL,
       upper = if (length(roots)) roots[2] else NULL,
       F_at_lower = if (length(roots)) ar_stat(m, roots[1], type)$stat else NULL,
       F_at_upper = if (length(roots)) ar_stat(m, roots[2], type)$stat else NULL,
       quadratic = list(A2 = A2, A1 = A1, A0 = A0))
}

# ---------------------------------------------------------------------------
# Run a model
# ---------------------------------------------------------------------------
run_model <- function(m, types) {
  fit <- fit_iv(m)
  p <- length(fit$b)
  tss <- ssq(m$y_raw - mean(m$y_raw))
  ssr <- ssq(fit$u)
  out <- list(
    label = m$label,
    formula = m$formula,
    nobs = m$N, n_firms = m$G_firm, n_years = m$G_year,
    fe_parameters = m$n_fe,
    endogenous = I(m$endo), exogenous = I(m$exog), excluded_instruments = I(m$excl),
    K_full = K_rule(m, p, "iid"),
    coefficients = as.list(fit$b),
    fit = list(ssr = ssr, tss = tss, ssr_fe_only = ssq(m$y),
               r2 = 1 - ssr / tss, within_r2 = 1 - ssr / ssq(m$y)),
    vcov = list(),
    cragg_donald = cragg_donald(m, types),
    wu_hausman = wu_hausman(m)
  )
  for (ty in types) {
    vc <- vcov_fixest(m, fit$bread, fit$Xhat * fit$u, fit$u, p, ty)
    blk <- list(K = vc$K, df_t = vc$df_t, small_sample_factor = vc$factor,
                coefficients = coef_table(fit$b, vc$V, vc$df_t),
                vcov = mat_out(vc$V), vcov_names = I(names(fit$b)),
                first_stage = first_stage(m, ty),
                kp = kp_block(m, ty))
    if (ncol(m$Z1) > ncol(m$X1)) {
      blk$overid <- if (ty == "iid") list(sargan = sargan(m, fit)) else
        list(hansen_j = hansen_j(m, fit, ty))
    }
    out$vcov[[ty]] <- blk
  }
  if (ncol(m$Z1) > ncol(m$X1)) {
    # Hansen J under iid too (ivreg2 reports it as Sargan then; S = sigma2 Z'Z/N)
    out$hansen_j_iid_equals_sargan <- hansen_j(m, fit, "iid")$stat
  }
  list(out = out, fit = fit)
}

types_all <- c("iid", "hetero", "cluster_firm", "twoway_firm_year")
types_3 <- c("iid", "hetero", "cluster_firm")

mA <- make_model("A", c("inv", "value", "capital", "value_lag1"), "inv",
                 "value", "capital", "value_lag1",
                 "2SLS inv ~ capital | firm + year | value ~ value_lag1")
mA$formula <- "inv ~ capital | firm + year | value ~ value_lag1"
mB <- make_model("B", c("inv", "value", "capital", "value_lag1", "value_lag2"), "inv",
                 "value", "capital", c("value_lag1", "value_lag2"),
                 "2SLS inv ~ capital | firm + year | value ~ value_lag1 + value_lag2")
mB$formula <- "inv ~ capital | firm + year | value ~ value_lag1 + value_lag2"
mC <- make_model("C", c("inv", "value", "capital", "value_lag1", "value_lag2", "capital_lag1"),
                 "inv", c("value", "capital"), character(0),
                 c("value_lag1", "value_lag2", "capital_lag1"),
                 "2SLS inv ~ 1 | firm + year | value + capital ~ value_lag1 + value_lag2 + capital_lag1")
mC$formula <- "inv ~ 1 | firm + year | value + capital ~ value_lag1 + value_lag2 + capital_lag1"
stopifnot(mA$N == 190, mB$N == 180, mC$N == 180)

rA <- run_model(mA, types_all)
rB <- run_model(mB, types_3)
rC <- run_model(mC, types_3)

# Anderson-Rubin for model A
ar <- list()
for (ty in types_all) {
  ar[[ty]] <- list(
    tests = lapply(c(0, 0.287, 0.5), function(b0) ar_stat(mA, b0, ty)),
    confidence_set_95 = ar_confset(mA, ty))
}
rA$out$anderson_rubin <- ar
rA$out$anderson_rubin_conventions <- paste(
  "AR(b0): regress (y - b0*value) on value_lag1 + capital with firm + year FE (all FE-partialled);",
  "Wald F on the excluded instrument(s) with the model's vcov and fixest small-sample factors,",
  "F = Wald/L1, K = first-stage K under the vcov's rule (iid/hetero: K_full = 30; cluster firm: 21; two-way: 3),",
  "df = (L1, N - K), p from F(L1, N - K). Confidence set: {b0 : F(b0) <= qf(0.95, L1, N - K)},",
  "endpoints = roots of the quadratic (a - b0 c)^2 = Fcrit * V(b0), polished by uniroot (tol 1e-14).")

# ---------------------------------------------------------------------------
# Cross-checks with AER::ivreg + sandwich (factor dummies, no partialling)
# ---------------------------------------------------------------------------
aer_check <- function(m, fml, types) {
  d <- m$d
  d$ffirm <- factor(d$firm); d$fyear <- factor(d$year)
  mod <- ivreg(fml, data = d)
  N <- nrow(d); Kf <- length(coef(mod))
  nm <- intersect(names(coef(mod)), c(m$endo, m$exog))
  res <- list(coef = as.list(coef(mod)[nm]), K_all_parameters = Kf)
  res$se_iid <- as.list(sqrt(diag(vcov(mod)))[nm])
  res$se_HC1 <- as.list(sqrt(diag(vcovHC(mod, type = "HC1")))[nm])
  Vcl <- vcovCL(mod, cluster = d$firm, type = "HC1")
  res$se_vcovCL_HC1_Kall <- as.list(sqrt(diag(Vcl))[nm])
  Kn <- K_rule(m, length(nm), "cluster_firm")
  res$se_vcovCL_converted_to_nested_K <- as.list(sqrt(diag(Vcl)[nm] * (N - Kf) / (N - Kn)))
  if ("twoway_firm_year" %in% types) {
    V2 <- vcovCL(mod, cluster = d[, c("firm", "year")], type = "HC0", cadjust = FALSE, multi0 = FALSE)
    G <- min(m$G_firm, m$G_year); K2 <- K_rule(m, length(nm), "twoway_firm_year")
    res$se_twoway_vcovCL_HC0_noadj_times_fixest_factor <-
      as.list(sqrt(diag(V2)[nm] * G / (G - 1) * (N - 1) / (N - K2)))
  }
  res
}
cross <- list(
  A = aer_check(mA, inv ~ value + capital + ffirm + fyear | value_lag1 + capital + ffirm + fyear, types_all),
  B = aer_check(mB, inv ~ value + capital + ffirm + fyear | value_lag1 + value_lag2 + capital + ffirm + fyear, types_3),
  C = aer_check(mC, inv ~ value + capital + ffirm + fyear | value_lag1 + value_lag2 + capital_lag1 + ffirm + fyear, types_3)
)
maxrel_aer <- function(r, rr, types) {
  o <- r$out; nm <- names(rr$coef); x <- c()
  x["coef"] <- max(abs(unlist(o$coefficients[nm]) - unlist(rr$coef)) / abs(unlist(rr$coef)))
  se_of <- function(ty) sapply(nm, function(k) o$vcov[[ty]]$coefficients[[k]]$se)
  x["se_iid"] <- max(abs(se_of("iid") / unlist(rr$se_iid) - 1))
  x["se_hetero"] <- max(abs(se_of("hetero") / unlist(rr$se_HC1) - 1))
  x["se_cluster"] <- max(abs(se_of("cluster_firm") / unlist(rr$se_vcovCL_converted_to_nested_K) - 1))
  if ("twoway_firm_year" %in% types)
    x["se_twoway"] <- max(abs(se_of("twoway_firm_year") /
                            unlist(rr$se_twoway_vcovCL_HC0_noadj_times_fixest_factor) - 1))
  as.list(x)
}
cross$max_relative_difference <- list(
  A = maxrel_aer(rA, cross$A, types_all),
  B = maxrel_aer(rB, cross$B, types_3),
  C = maxrel_aer(rC, cross$C, types_3))

# ---------------------------------------------------------------------------
# Checks against the fixest 0.12.1 reference (test/golden/grunfeld_fixest.json)
# ---------------------------------------------------------------------------
ref <- fromJSON("test/golden/grunfeld_fixest.json", simplifyVector = FALSE)
oA <- rA$out
chk <- list()
add <- function(name, ours, theirs) {
  chk[[length(chk) + 1]] <<- list(name = name, ours = ours, reference = theirs,
                                 rel_diff = abs(ours - theirs) / abs(theirs))
}
rc <- ref$iv_twfe_cluster_firm$coefficients
add("coef value", oA$coefficients$value, rc$fit_value$estimate)
add("coef capital", oA$coefficients$capital, rc$capital$estimate)
add("cluster se value", oA$vcov$cluster_firm$coefficients$value$se, rc$fit_value$se)
add("cluster se capital", oA$vcov$cluster_firm$coefficients$capital$se, rc$capital$se)
add("cluster p value", oA$vcov$cluster_firm$coefficients$value$p, rc$fit_value$p)
ri <- ref$iv_twfe_iid$coefficients
add("iid se value", oA$vcov$iid$coefficients$value$se, ri$fit_value$se)
add("iid se capital", oA$vcov$iid$coefficients$capital$se, ri$capital$se)
add("iid p capital", oA$vcov$iid$coefficients$capital$p, ri$capital$p)
fc <- ref$iv_first_stage_cluster_firm$coefficients
add("first stage coef value_lag1", oA$vcov$cluster_firm$first_stage$value$coefficients$value_lag1$estimate, fc$value_lag1$estimate)
add("first stage cluster se value_lag1", oA$vcov$cluster_firm$first_stage$value$coefficients$value_lag1$se, fc$value_lag1$se)
add("first stage cluster se capital", oA$vcov$cluster_firm$first_stage$value$coefficients$capital$se, fc$capital$se)
fi <- ref$iv_first_stage_iid$coefficients
add("first stage iid se value_lag1", oA$vcov$iid$first_stage$value$coefficients$value_lag1$se, fi$value_lag1$se)
fsc <- ref$iv_fitstat_cluster_firm
add("ivf cluster", oA$vcov$cluster_firm$first_stage$value$ivf$stat, fsc[["ivf1::value"]]$stat)
add("ivf cluster p", oA$vcov$cluster_firm$first_stage$value$ivf$p, fsc[["ivf1::value"]]$p)
add("ivwald cluster", oA$vcov$cluster_firm$first_stage$value$ivwald$stat, fsc[["ivwald1::value"]]$stat)
add("ivwald cluster p", oA$vcov$cluster_firm$first_stage$value$ivwald$p, fsc[["ivwald1::value"]]$p)
fsi <- ref$iv_fitstat_iid_vcov_set_at_estimation
add("ivf iid", oA$vcov$iid$first_stage$value$ivf$stat, fsi[["ivf1::value"]]$stat)
add("ivwald iid", oA$vcov$iid$first_stage$value$ivwald$stat, fsi[["ivwald1::value"]]$stat)
fsh <- ref$iv_fitstat_hetero_vcov_set_at_estimation
add("ivf hetero", oA$vcov$hetero$first_stage$value$ivf$stat, fsh[["ivf1::value"]]$stat)
add("ivwald hetero", oA$vcov$hetero$first_stage$value$ivwald$stat, fsh[["ivwald1::value"]]$stat)
add("cd (fixest)", oA$cragg_donald$fixest, fsc$cd)
add("wh", oA$wu_hausman$stat, fsc$wh$stat)
add("wh p", oA$wu_hausman$p, fsc$wh$p)
add("r2", oA$fit$r2, fsc$r2)
add("within r2", oA$fit$within_r2, fsc$wr2)
add("KP Wald F cluster == ivwald cluster", oA$vcov$cluster_firm$kp$wald_F, fsc[["ivwald1::value"]]$stat)
add("KP Wald F hetero == ivwald hetero", oA$vcov$hetero$kp$wald_F, fsh[["ivwald1::value"]]$stat)
add("KP Wald F iid == ivf iid", oA$vcov$iid$kp$wald_F, fsi[["ivf1::value"]]$stat)
add("KP Wald chi2 iid == kp_manual.kp_iid_correct", oA$vcov$iid$kp$wald_chi2$stat, ref$kp_manual$kp_iid_correct)
rho <- as.numeric(oA$cragg_donald$canonical_correlations)[1]
add("kp_manual.theta == rho/sqrt(1 - rho^2) (fixest's theta uses first-stage residuals)", rho / sqrt(1 - rho^2), ref$kp_manual$theta)
rk <- ref$iv_twfe_cluster_firm_K_full$coefficients
add("cluster se value, fixef.K = 'full' (via AER vcovCL HC1)", cross$A$se_vcovCL_HC1_Kall$value, rk$fit_value$se)
add("cluster se capital, fixef.K = 'full' (via AER vcovCL HC1)", cross$A$se_vcovCL_HC1_Kall$capital, rk$capital$se)
reference_checks <- chk

# ---------------------------------------------------------------------------
# Independent numpy re-implementation (second route for Hansen J and KP)
# ---------------------------------------------------------------------------
py_code <- '
import json, sys
import numpy as np
rows = json.load(sys.stdin)
out = {}
for key, spec in rows.items():
    firm = np.array(spec["firm"]); year = np.array(spec["year"])
    N = len(firm)
    # two-way within transformation for a balanced panel: x - xbar_i - xbar_t + xbar
    def within(v):
        v = np.asarray(v, float)
        fi = {f: v[firm == f].mean() for f in np.unique(firm)}
        yt = {t: v[year == t].mean() for t in np.unique(year)}
        return v - np.array([fi[f] for f in firm]) - np.array([yt[t] for t in year]) + v.mean()
    y = within(spec["y"])
    X1 = np.column_stack([within(c) for c in spec["endo"]])
    X2 = np.column_stack([within(c) for c in spec["exog"]]) if spec["exog"] else np.zeros((N, 0))
    Z1 = np.column_stack([within(c) for c in spec["excl"]])
    X = np.hstack([X1, X2]); Z = np.hstack([Z1, X2])
    # 2SLS
    PZX = Z @ np.linalg.lstsq(Z, X, rcond=None)[0]
    b = np.linalg.lstsq(PZX, y, rcond=None)[0]
    u = y - X @ b
    res = {"b2sls": b.tolist()}
    def S_of(e, W, kind):
        e = e.reshape(N, -1)
        sc = np.hstack([e[:, [j]] * W for j in range(e.shape[1])])
        if kind == "hetero":
            return sc.T @ sc / N
        G = {}
        for i, f in enumerate(firm):
            G[f] = G.get(f, 0) + sc[i]
        M = np.array(list(G.values()))
        return M.T @ M / N
    if Z1.shape[1] > X1.shape[1]:
        for kind in ("hetero", "cluster"):
            S = S_of(u, Z, kind)
            Si = np.linalg.inv(S)
            A = X.T @ Z @ Si @ Z.T @ X
            b2 = np.linalg.solve(A, X.T @ Z @ Si @ Z.T @ y)
            g = Z.T @ (y - X @ b2) / N
            res["J_" + kind] = float(N * g @ Si @ g)
            res["b_gmm2s_" + kind] = b2.tolist()
    # KP rk Wald with one endogenous regressor = robust Wald on the reduced form (K = 1);
    # general K: Kleibergen-Paap via the same SVD algebra, coded independently
    if X2.shape[1]:
        Mx = lambda A: A - X2 @ np.linalg.lstsq(X2, A, rcond=None)[0]
        Yp, Zp = Mx(X1), Mx(Z1)
    else:
        Yp, Zp = X1, Z1
    K = Yp.shape[1]; L = Zp.shape[1]
    Pi = np.linalg.solve(Zp.T @ Zp, Zp.T @ Yp)
    Fm = np.linalg.cholesky(Zp.T @ Zp).T       # upper, F = chol(Z\u0027Z)
    Gm = np.linalg.cholesky(Yp.T @ Yp).T
    Th = Fm @ Pi @ np.linalg.inv(Gm)
    U, s, Vt = np.linalg.svd(Th, full_matrices=True)
    V = Vt.T
    def msqrt(A):
        w, Q = np.linalg.eigh((A + A.T) / 2)
        return Q @ np.diag(np.sqrt(np.clip(w, 0, None))) @ Q.T
    i = K - 1   # zero-based start of the last block
    u22 = U[i:, i:]; v22 = V[i:, i:]
    Uq = U[:, i:]; Vq = V[:, i:]
    aq = Uq @ np.linalg.inv(u22) @ msqrt(u22 @ u22.T)
    bq = msqrt(v22 @ v22.T) @ np.linalg.inv(v22.T) @ Vq.T
    kr = np.kron(bq, aq.T)
    lam = kr @ Th.flatten(order="F")
    T = np.kron(np.linalg.inv(Gm).T, np.linalg.inv(Fm).T)
    for kind in ("hetero", "cluster"):
        for wald in (False, True):
            e = Yp - Zp @ Pi if wald else Yp
            vh = N * T @ S_of(e, Zp, kind) @ T.T
            Om = kr @ vh @ kr.T
            res[("kp_wald_chi2_" if wald else "kp_lm_") + kind] = float(lam @ np.linalg.solve(Om, lam))
    res["ccorr"] = s.tolist()
    out[key] = res
json.dump(out, sys.stdout)
'
py_input <- function(m) list(
  firm = m$d$firm, year = m$d$year, y = m$d[[m$y_name]],
  endo = lapply(m$endo, function(v) m$d[[v]]),
  exog = lapply(m$exog, function(v) m$d[[v]]),
  excl = lapply(m$excl, function(v) m$d[[v]]))
py_route <- tryCatch({
  if (!file.exists("/usr/bin/python3")) stop("no /usr/bin/python3")
  tf <- tempfile(fileext = ".py"); writeLines(py_code, tf)
  inp <- tempfile(fileext = ".json")
  writeLines(toJSON(list(A = py_input(mA), B = py_input(mB), C = py_input(mC)), digits = NA, auto_unbox = TRUE), inp)
  res <- system2("/usr/bin/python3", tf, stdin = inp, stdout = TRUE, stderr = FALSE)
  if (!is.null(attr(res, "status"))) stop("python failed")
  fromJSON(paste(res, collapse = ""), simplifyVector = TRUE)
}, error = function(e) NULL)

numpy_check <- NULL
if (!is.null(py_route)) {
  rel <- function(a, b) abs(a - b) / abs(b)
  o <- list(A = rA$out, B = rB$out, C = rC$out)
  cmp <- list()
  for (k in c("A", "B", "C")) {
    pr <- py_route[[k]]
    cmp[[k]] <- list(
      coef_2sls = max(rel(pr$b2sls, unlist(o[[k]]$coefficients))),
      kp_lm_hetero = rel(pr$kp_lm_hetero, o[[k]]$vcov$hetero$kp$lm$stat),
      kp_lm_cluster = rel(pr$kp_lm_cluster, o[[k]]$vcov$cluster_firm$kp$lm$stat),
      kp_wald_chi2_hetero = rel(pr$kp_wald_chi2_hetero, o[[k]]$vcov$hetero$kp$wald_chi2$stat),
      kp_wald_chi2_cluster = rel(pr$kp_wald_chi2_cluster, o[[k]]$vcov$cluster_firm$kp$wald_chi2$stat))
    if (!is.null(pr$J_hetero)) {
      cmp[[k]]$hansen_j_hetero <- rel(pr$J_hetero, o[[k]]$vcov$hetero$overid$hansen_j$stat)
      cmp[[k]]$hansen_j_cluster <- rel(pr$J_cluster, o[[k]]$vcov$cluster_firm$overid$hansen_j$stat)
    }
  }
  numpy_check <- list(
    note = "independent numpy code (two-way within transformation by group means instead of QR on dummies); values are relative differences to the R values",
    numpy_version = tryCatch(system2("/usr/bin/python3", c("-c", shQuote("import numpy; print(numpy.__version__)")), stdout = TRUE), error = function(e) NA),
    relative_differences = cmp,
    raw = py_route)
}

# ---------------------------------------------------------------------------
# Write
# ---------------------------------------------------------------------------
pkgv <- function(p) as.character(packageVersion(p))
result <- list(
  meta = list(
    generator = "test/golden/make_iv_golden.R",
    R = R.version.string,
    packages = list(jsonlite = pkgv("jsonlite"), AER = pkgv("AER"), sandwich = pkgv("sandwich")),
    json_digits = "jsonlite digits = NA (15-17 significant digits)",
    data = paste(
      "test/golden/grunfeld_with_lag.csv (plm's Grunfeld, 10 firms x 20 years) sorted by firm, year;",
      "value_lag2 = value at year t-2 and capital_lag1 = capital at year t-1 within firm, matched by year;",
      "value_lag1 checked against the same rule. A uses rows with value_lag1 (N = 190, 1936-1954),",
      "B and C rows with value_lag1, value_lag2 (and capital_lag1) (N = 180, 1937-1954). Balanced: no singletons."),
    how = list(
      partialling = "FE partialled exactly: QR residuals on model.matrix(~ factor(firm) + factor(year)); n_fe = rank = 10 + T - 1.",
      estimator = "2SLS on the partialled data; residuals u = y - X b with the actual endogenous regressors; bread (Xhat'Xhat)^-1, scores Xhat_i u_i.",
      K = "K_full = slopes + n_fe (A: 2 + 28 = 30; B, C: 2 + 27 = 29); cluster by firm: K = K_full - 9; two-way firm + year (A): K = K_full - 9 - (T - 1) = 3. First stage: slopes = excluded + included exogenous instruments.",
      vcov = "iid: SSR/(N - K_full) bread; hetero: HC1 N/(N - K_full); cluster: G/(G-1) (N-1)/(N-K) CR0; two-way: (V_firm + V_year - V_firm^year) Gmin/(Gmin-1) (N-1)/(N-K); t df N - K_full (iid, hetero) or G - 1; p = 2 pt(-|t|).",
      first_stage = "ivf = ((SSR_without_excluded - SSR)/q)/(SSR/(N - K_fs)) with K_fs the first-stage K under the vcov's rule; ivwald = b'V^-1 b/q on the excluded instruments with the first stage's vcov (factors included); both F(q, N - K_fs).",
      cragg_donald = "canonical correlations of the endogenous regressors and the excluded instruments, both partialled of FE and included exogenous regressors; fixest: (N - n_endo - n_inst - 1)/n_inst * rho^2/(1 - rho^2) with rho the smallest; ivreg2: mineig * (N - L1 - K2 - n_fe)/L1.",
      kp = "ranktest 1.4 algebra (see rk_stat in the script): KP rk LM uses e = partialled endogenous regressors, KP rk Wald uses e = first-stage residuals; S = (1/N) sum (e_i (x) z_i)(.)' (HC0), (1/N) sum_g (.)(.)' (CR0), two-way S1 + S2 - S12, no small-sample factor; iid: canonical-correlation forms N*ev (LM) and N*ev/(1-ev) (Wald), which the general formula with S = (e'e/N) (x) Z'Z/N reproduces. df = L1 - K1 + 1. KP Wald F = chi2/L1 (N-K)/(N-1) (G-1)/G clustered, chi2/L1 (N-K)/N otherwise, K = first-stage K under the nested rule.",
      hansen_j = "S from the 2SLS residuals on the partialled full instrument set Z = [excluded, included exogenous]: HC0 (1/N) sum u_i^2 z_i z_i', cluster (1/N) sum_g (Z_g'u_g)(Z_g'u_g)'; two-step GMM b2 = (X'Z S^-1 Z'X)^-1 X'Z S^-1 Z'y; J = N gbar(b2)' S^-1 gbar(b2), gbar = Z'(y - X b2)/N, same S; df = L1 - K1.",
      sargan = "iid: N * u'P_Z u / u'u with u the 2SLS residuals and Z the FE-partialled instruments (= ivreg2's J with S = (u'u/N) Z'Z/N, = fixest's N (1 - SSR/centred SS)).",
      wu_hausman = "fixest wh: OLS of y on [endogenous, first-stage residuals, exogenous] (FE partialled), F test of the residuals' coefficients with sigma^2 = SSR/(N - K_full - n_endo), df (n_endo, N - K_full - n_endo).",
      anderson_rubin = "see models.A.anderson_rubin_conventions",
      r2 = "r2 = 1 - SSR/sum (y - ybar)^2, within r2 = 1 - SSR/sum ytilde^2 (ytilde = y partialled of the FE), SSR from the structural residuals."
    )
  ),
  models = list(A = rA$out, B = rB$out, C = rC$out),
  crosscheck_AER_ivreg = cross,
  crosscheck_numpy = numpy_check,
  reference_checks_fixest = reference_checks
)

writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
           "test/golden/iv_r.json")

# Console summary
cat("reference checks (relative differences):\n")
for (c in reference_checks) cat(sprintf("  %-50s %.3e\n", c$name, c$rel_diff))
cat("AER cross-check max relative differences:\n"); str(cross$max_relative_difference)
if (!is.null(numpy_check)) { cat("numpy cross-check:\n"); str(numpy_check$relative_differences) } else cat("numpy route not run\n")
