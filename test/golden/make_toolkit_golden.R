# make_toolkit_golden.R -- golden values for the toolkit's mechanism (mediate) and heterogeneity
# (compareGroups) helpers.
#
# Run from the repository root:   Rscript test/golden/make_toolkit_golden.R
# Writes test/golden/toolkit_r.json (see README-toolkit.md for what each entry is and how it was made).
#
# Data: the committed test/golden/unbalanced_panel.csv (45 ids, 2001-2011, unbalanced, missing values,
# planted singletons). Derived columns, built identically in the TypeScript tests:
#   coastal = "coastal" if region is "east" or "south", else "inland"   (constant within id)
#   period  = "early" if year <= 2005, else "late"                      (varies within id)
#
# fixest is not installed: its conventions (fixed effects projected out exactly, K_full = p + sum L_f - (F-1),
# cluster CR1 = CR0 * G/(G-1) * (N-1)/(N-K) with the nested K, t(G-1), iterative singleton removal) are
# reproduced by the function fe_ols() of make_core_golden.R, whose definitions are loaded from that file
# (function definitions only; the script itself is not run) -- it reproduces the committed fixest 0.12.1
# reference on Grunfeld to 1e-10. Every regression is cross-checked here against lm() on factor dummies
# with sandwich (vcovCL / vcovHC); the script stops if a cross-check differs by more than 1e-9.
#
# SUEST covariance (Stata's suest after regress with the fixed effects as dummies), two independent routes:
#   route 1 (by hand): for each group fit, influence psi_i = (X~'X~)^-1 x~_i e_i (FE projected out within the
#     group); stack the two groups' psi side by side (zeros for the other group's rows), sum rows by cluster
#     (id) over BOTH groups, V = G/(G-1) * sum_g S_g S_g', G = distinct ids over both groups (no cluster:
#     each row its own cluster, N/(N-1), N = N1 + N2);
#   route 2 (sandwich): ONE lm() on the block-diagonal design [X_A D_A 0 0; 0 0 X_B D_B] (D = the group's
#     FE dummies), which reproduces both group fits; sandwich::vcovCL(type = "HC0", cadjust = TRUE) is
#     G/(G-1) * CR0 = the suest covariance (vcovHC "HC0" * N/(N-1) without clustering).
# chi2 = d^2 / (V11 + V22 - 2 C12), d = b_second - b_first, p = pchisq(chi2, 1, lower.tail = FALSE).

suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
  library(jsonlite)
})

golden_dir <- "test/golden"
core_script <- file.path(golden_dir, "make_core_golden.R")
if (!file.exists(core_script)) stop("Run from the repository root: Rscript test/golden/make_toolkit_golden.R")
REL_TOL_CROSS <- 1e-9

# Load the function definitions (name <- function(...) ...) of make_core_golden.R, nothing else.
for (e in parse(core_script)) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))) {
    eval(e, envir = globalenv())
  }
}
stopifnot(exists("fe_ols"), exists("singleton_rounds"), exists("rel_diff"), exists("mat_rel_diff"))

d <- read.csv(file.path(golden_dir, "unbalanced_panel.csv"), na.strings = "",
              colClasses = c(id = "integer", year = "integer", region = "character"))
d$coastal <- ifelse(d$region %in% c("east", "south"), "coastal", "inland")
d$period <- ifelse(d$year <= 2005, "early", "late")

check <- function(value, what) {
  if (!(value <= REL_TOL_CROSS)) stop(sprintf("Cross-check failed: %s (%.3g)", what, value))
  value
}

# Complete cases in `vars`, then (optionally) iterative singleton removal over the fixed effects `fe`.
sample_rows <- function(dd, vars, fe, drop_singletons = TRUE) {
  dd <- dd[stats::complete.cases(dd[, vars]), ]
  if (length(fe) > 0 && drop_singletons) {
    s <- singleton_rounds(lapply(fe, function(f) dd[[f]]))
    dd <- dd[s$keep, ]
  }
  rownames(dd) <- NULL
  dd
}

coef_block <- function(v, names) {
  setNames(lapply(names, function(k) list(estimate = unname(v$coef[k]), se = unname(v$se[k]),
                                          t = unname(v$t[k]), p = unname(v$p[k]))), names)
}

# lm on FE dummies + vcovCL: an independent check of a fe_ols cluster/hetero variance.
lm_check <- function(dd, yname, xnames, fe, vc, type) {
  rhs <- c(if (length(fe)) paste0("factor(", fe, ")"), xnames)
  m <- lm(as.formula(paste(yname, "~", paste(rhs, collapse = " + "))), data = dd)
  N <- nrow(dd)
  kn <- if (length(fe)) xnames else c("(Intercept)", xnames)
  if (type == "cluster") {
    G <- length(unique(dd$id))
    V <- vcovCL(m, cluster = dd$id, type = "HC0", cadjust = FALSE)[kn, kn] * G / (G - 1) * (N - 1) / (N - vc$dof_K)
  } else {
    V <- vcovHC(m, type = "HC1")[kn, kn]
  }
  c(coef = rel_diff(coef(m)[kn], vc$coef[kn]), vcov = mat_rel_diff(V, vc$V[kn, kn]))
}

crosschecks <- list()

# ----------------------------------------------------------------------------------------------------------
# 1. Mediation: treatment x1, mediator x2, control x3, outcome y
# ----------------------------------------------------------------------------------------------------------
mediation <- function(name, fe, vtype) {
  dd <- sample_rows(d, c("y", "x1", "x2", "x3", "id", "year"), fe)
  X_of <- function(cols) {
    X <- as.matrix(dd[, cols, drop = FALSE])
    if (length(fe) == 0) X <- cbind("(Intercept)" = 1, X)
    X
  }
  fes <- setNames(lapply(fe, function(f) dd[[f]]), fe)
  cl <- list(id = list(id = dd$id))
  vkey <- if (vtype == "cluster") "cluster_id" else "hetero"
  eq <- list(
    total = fe_ols(dd$y, X_of(c("x1", "x3")), fes, cl)$vcov[[vkey]],
    mediator = fe_ols(dd$x2, X_of(c("x1", "x3")), fes, cl)$vcov[[vkey]],
    outcome = fe_ols(dd$y, X_of(c("x1", "x2", "x3")), fes, cl)$vcov[[vkey]]
  )
  cc <- list(
    total = lm_check(dd, "y", c("x1", "x3"), fe, eq$total, vtype),
    mediator = lm_check(dd, "x2", c("x1", "x3"), fe, eq$mediator, vtype),
    outcome = lm_check(dd, "y", c("x1", "x2", "x3"), fe, eq$outcome, vtype)
  )
  for (k in names(cc)) for (j in names(cc[[k]])) check(cc[[k]][[j]], paste(name, k, j))
  crosschecks[[name]] <<- cc
  a <- unname(eq$mediator$coef["x1"]); se_a <- unname(eq$mediator$se["x1"])
  b <- unname(eq$outcome$coef["x2"]); se_b <- unname(eq$outcome$se["x2"])
  direct <- unname(eq$outcome$coef["x1"]); total <- unname(eq$total$coef["x1"])
  ind <- a * b
  sobel_se <- sqrt(b^2 * se_a^2 + a^2 * se_b^2)
  aroian_se <- sqrt(b^2 * se_a^2 + a^2 * se_b^2 + se_a^2 * se_b^2)
  stopifnot(abs(total - (direct + ind)) < 1e-12 * max(1, abs(total)))  # OLS identity on a common sample
  list(
    spec = list(outcome = "y", treatment = "x1", mediator = "x2", controls = I("x3"), fe = I(fe),
                vcov = if (vtype == "cluster") "cluster id" else "hetero"),
    nobs = nrow(dd),
    dof_K = list(total = eq$total$dof_K, mediator = eq$mediator$dof_K, outcome = eq$outcome$dof_K),
    total = coef_block(eq$total, names(eq$total$coef)),
    mediator = coef_block(eq$mediator, names(eq$mediator$coef)),
    outcome = coef_block(eq$outcome, names(eq$outcome$coef)),
    a = a, b = b, direct = direct, total_effect = total, indirect = ind, share_mediated = ind / total,
    sobel = list(se = sobel_se, z = ind / sobel_se, p = 2 * pnorm(-abs(ind / sobel_se))),
    aroian = list(se = aroian_se, z = ind / aroian_se, p = 2 * pnorm(-abs(ind / aroian_se)))
  )
}

# ----------------------------------------------------------------------------------------------------------
# 2. Group comparisons: y ~ x1 + x2 + x3 (| id + year), coefficient x1
# ----------------------------------------------------------------------------------------------------------
group_compare <- function(name, by, fe, vtype, xs = c("x1", "x2", "x3"), coef = "x1") {
  vars <- c("y", xs, "id", "year", by)
  lv <- sort(unique(d[[by]]))
  stopifnot(length(lv) == 2)
  groups <- lapply(lv, function(l) sample_rows(d[d[[by]] == l, ], vars, fe))
  names(groups) <- lv
  vkey <- if (vtype == "cluster") "cluster_id" else "hetero"
  fits <- lapply(groups, function(dd) {
    X <- as.matrix(dd[, xs, drop = FALSE])
    if (length(fe) == 0) X <- cbind("(Intercept)" = 1, X)
    fe_ols(dd$y, X, setNames(lapply(fe, function(f) dd[[f]]), fe), list(id = list(id = dd$id)))
  })
  for (l in lv) {
    ccv <- lm_check(groups[[l]], "y", xs, fe, fits[[l]]$vcov[[vkey]], vtype)
    for (j in names(ccv)) check(ccv[[j]], paste(name, l, j))
  }
  d_diff <- unname(fits[[2]]$beta[coef] - fits[[1]]$beta[coef])

  # (a) fully interacted pooled model on the union of the two samples
  pd <- rbind(groups[[1]], groups[[2]])
  g <- as.numeric(pd[[by]] == lv[2])
  Xp <- NULL
  for (x in xs) {
    Xp <- cbind(Xp, pd[[x]], pd[[x]] * g)
    colnames(Xp)[ncol(Xp) - c(1, 0)] <- c(x, paste0(x, ":", by, "::", lv[2]))
  }
  if (length(fe) == 0) {
    Xp <- cbind("(Intercept)" = 1, g, Xp)
    colnames(Xp)[2] <- paste0(by, "::", lv[2])
  }
  fep <- if (length(fe)) setNames(lapply(fe, function(f) paste(pd[[f]], pd[[by]], sep = "_")), paste0(fe, "^", by)) else list()
  pooled <- fe_ols(pd$y, Xp, fep, list(id = list(id = pd$id)))
  pv <- pooled$vcov[[vkey]]
  term <- paste0(coef, ":", by, "::", lv[2])
  # the pooled model reproduces the separate fits
  stopifnot(rel_diff(pooled$beta[xs], fits[[1]]$beta[xs]) < 1e-9,
            rel_diff(pooled$beta[xs] + pooled$beta[paste0(xs, ":", by, "::", lv[2])], fits[[2]]$beta[xs]) < 1e-9)
  # cross-check the pooled variance with lm on interacted dummies
  fe_terms <- if (length(fe)) paste0("factor(paste(", fe, ", ", by, "))") else character(0)
  pdx <- data.frame(y = pd$y, pd[, c("id", "year", by)], Xp[, colnames(Xp) != "(Intercept)", drop = FALSE], check.names = FALSE)
  xq <- paste0("`", setdiff(colnames(Xp), "(Intercept)"), "`")
  mp <- lm(as.formula(paste("y ~", paste(c(fe_terms, xq), collapse = " + "))), data = pdx)
  kn <- paste0("`", term, "`")
  N <- nrow(pd)
  Vlm <- if (vtype == "cluster") {
    G <- length(unique(pd$id))
    vcovCL(mp, cluster = pd$id, type = "HC0", cadjust = FALSE)[kn, kn] * G / (G - 1) * (N - 1) / (N - pv$dof_K)
  } else vcovHC(mp, type = "HC1")[kn, kn]
  check(rel_diff(coef(mp)[kn], pv$coef[term]), paste(name, "pooled coef lm"))
  check(rel_diff(Vlm, pv$V[term, term]), paste(name, "pooled var lm"))

  # (b) SUEST, route 1: stacked influence functions summed by cluster over both groups
  psi <- lapply(fits, function(f) (f$Xt * f$resid) %*% f$bread)
  pA <- ncol(psi[[1]]); pB <- ncol(psi[[2]])
  S <- rbind(cbind(psi[[1]], matrix(0, nrow(psi[[1]]), pB)), cbind(matrix(0, nrow(psi[[2]]), pA), psi[[2]]))
  colnames(S) <- c(paste0(lv[1], ":", colnames(psi[[1]])), paste0(lv[2], ":", colnames(psi[[2]])))
  if (vtype == "cluster") {
    ids <- c(groups[[1]]$id, groups[[2]]$id)
    G <- length(unique(ids))
    factor <- G / (G - 1)
    V1 <- factor * crossprod(rowsum(S, ids))
    units <- G
  } else {
    Nt <- nrow(S)
    factor <- Nt / (Nt - 1)
    V1 <- factor * crossprod(S)
    units <- Nt
  }
  # route 2: one lm on the block-diagonal design, sandwich's vcovCL / vcovHC
  block <- function(dd, l) {
    X <- as.matrix(dd[, xs, drop = FALSE])
    colnames(X) <- paste0(l, ":", xs)
    D <- if (length(fe)) model.matrix(as.formula(paste("~", paste0("factor(", fe, ")", collapse = " + "))), data = dd)
         else matrix(1, nrow(dd), 1)
    colnames(D) <- paste0(l, ":D", seq_len(ncol(D)))
    cbind(X, D)
  }
  BA <- block(groups[[1]], lv[1]); BB <- block(groups[[2]], lv[2])
  Z <- rbind(cbind(BA, matrix(0, nrow(BA), ncol(BB))), cbind(matrix(0, nrow(BB), ncol(BA)), BB))
  colnames(Z) <- c(colnames(BA), colnames(BB))
  mz <- lm(c(groups[[1]]$y, groups[[2]]$y) ~ 0 + Z)
  zn <- paste0("Z", c(paste0(lv[1], ":", xs), paste0(lv[2], ":", xs)))
  V2 <- if (vtype == "cluster") vcovCL(mz, cluster = c(groups[[1]]$id, groups[[2]]$id), type = "HC0", cadjust = TRUE)[zn, zn]
        else vcovHC(mz, type = "HC0")[zn, zn] * nrow(Z) / (nrow(Z) - 1)
  sn <- c(paste0(lv[1], ":", xs), paste0(lv[2], ":", xs))
  check(mat_rel_diff(V1[sn, sn], V2), paste(name, "suest route 1 vs route 2"))
  i1 <- paste0(lv[1], ":", coef); i2 <- paste0(lv[2], ":", coef)
  var_d <- V1[i1, i1] + V1[i2, i2] - 2 * V1[i1, i2]
  chi2 <- d_diff^2 / var_d
  list(
    spec = list(formula = if (length(fe)) "y ~ x1 + x2 + x3 | id + year" else "y ~ x1 + x2 + x3", by = by, coef = coef,
                vcov = if (vtype == "cluster") "cluster id" else "hetero"),
    levels = I(lv),
    groups = setNames(lapply(lv, function(l) list(nobs = nrow(groups[[l]]),
                                                   coefficients = coef_block(fits[[l]]$vcov[[vkey]], colnames(fits[[l]]$Xt)))), lv),
    difference = d_diff,
    pooled = list(nobs = N, dof_K = pv$dof_K, df_t = pv$df_t, term = term,
                  coefficients = coef_block(pv, names(pv$coef))),
    interaction = list(estimate = unname(pv$coef[term]), se = unname(pv$se[term]), t = unname(pv$t[term]), p = unname(pv$p[term])),
    suest = list(factor = factor, units = units, names = I(colnames(S)), vcov = unname(V1),
                 var_first = V1[i1, i1], var_second = V1[i2, i2], covariance = V1[i1, i2],
                 se = sqrt(var_d), chi2 = chi2, df = 1, p = pchisq(chi2, 1, lower.tail = FALSE))
  )
}

out <- list()
out$mediation_fe_cluster <- mediation("mediation_fe_cluster", c("id", "year"), "cluster")
out$mediation_nofe_hetero <- mediation("mediation_nofe_hetero", character(0), "hetero")
out$groups_coastal_fe_cluster <- group_compare("groups_coastal_fe_cluster", "coastal", c("id", "year"), "cluster")
out$groups_period_fe_cluster <- group_compare("groups_period_fe_cluster", "period", c("id", "year"), "cluster")
out$groups_coastal_nofe_hetero <- group_compare("groups_coastal_nofe_hetero", "coastal", character(0), "hetero")

# 3. Normal distribution and bootstrap-interval helpers
draws <- ((1:199 * 37) %% 199) / 100 - 0.8
bc <- function(draws, est, level) {
  z0 <- qnorm(mean(draws < est))
  za <- qnorm((1 - level) / 2)
  list(estimate = est, level = level, z0 = z0,
       percentile = unname(quantile(draws, c((1 - level) / 2, 1 - (1 - level) / 2), type = 7)),
       bias_corrected = unname(quantile(draws, c(pnorm(2 * z0 + za), pnorm(2 * z0 - za)), type = 7)))
}
out$intervals <- list(
  draws_rule = "draws_k = ((37 k) mod 199) / 100 - 0.8, k = 1..199",
  draws = draws,
  cases = list(bc(draws, 0.1, 0.95), bc(draws, 0.3, 0.9), bc(draws, -0.05, 0.99))
)
pq <- c(1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.8, 0.975, 0.999999)
zs <- c(0, 0.5, 1.6448536269514722, 1.96, 3, 5, 8.5, 12)
out$normal <- list(
  p = pq, qnorm = qnorm(pq),
  z = zs, two_sided_p = 2 * pnorm(-zs), cdf_neg = pnorm(-zs)
)

meta <- list(
  script = "test/golden/make_toolkit_golden.R",
  r_version = R.version.string,
  packages = list(sandwich = as.character(packageVersion("sandwich")), lmtest = as.character(packageVersion("lmtest")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  data = "test/golden/unbalanced_panel.csv with coastal = region in (east, south) ? 'coastal' : 'inland', period = year <= 2005 ? 'early' : 'late'",
  json_digits = "jsonlite::write_json(digits = NA): 15 significant digits",
  crosscheck_tolerance = REL_TOL_CROSS
)
write_json(c(list(meta = meta), out), file.path(golden_dir, "toolkit_r.json"),
           digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null", na = "null")
cat("Wrote", file.path(golden_dir, "toolkit_r.json"), "\n")
