# make_groups_golden.R -- golden values for notebook 06's heterogeneity tools:
#   holm / bonferroni   R's p.adjust on fixed vectors (ties, a missing value, the cap at 1, the running max);
#   exact_*             exact permutation tests of equal coefficients in two groups, every assignment of the
#                       group labels to the units enumerated (combn), so the p-values involve no random numbers;
#   joint               a joint interaction model (fixest feols + wald + confint).
#
# Run from the repository root:   R_LIBS_USER=/work/rlib Rscript test/golden/make_groups_golden.R
# Writes test/golden/groups_r.json. Needs sandwich and jsonlite, and fixest (0.12.1) for "joint".
#
# Exact permutation tests (compareGroups, permutations: { exact: true }). For each assignment of the labels
# (the units in the second group: every k-subset of the n units, in combn's order):
#   each group fitted by lm() with its fixed effects as factor dummies (or with an intercept, no FE),
#   b_g = coef["x"], V_g = vcovCL(fit, cluster = ~id, type = "HC0", cadjust = FALSE)["x", "x"]
#   (= (X'X)^-1 sum_g S_g S_g' (X'X)^-1, the slope block equal to the FE-projected one by Frisch-Waugh-Lovell),
#   or vcovHC(fit, type = "HC0") without clustering;
#   d = b_second - b_first,  T = d / sqrt(c * (V_first + V_second)),  c = G/(G-1) (G = all clusters) or
#   N/(N-1) (N = all rows): the SUEST standard error (Stata suest; no cluster spans both groups, so the
#   cross-covariance is 0) -- the studentized statistic of Chung & Romano (2013);
#   the unstudentized statistic is d itself.
# p = #{|T*| >= |T_obs| (1 - 1e-9)} / #assignments (the observed assignment is one of them).
# The script cross-checks the studentized statistic of the observed labels against the SUEST route of
# make_toolkit_golden.R (one lm on the block-diagonal design, vcovCL HC0 with cadjust = TRUE).

suppressPackageStartupMessages({
  library(sandwich)
  library(jsonlite)
})
golden_dir <- "test/golden"
if (!dir.exists(golden_dir)) stop("Run from the repository root: Rscript test/golden/make_groups_golden.R")
TIE <- 1e-9

# ---- Holm and Bonferroni --------------------------------------------------------------------------
p_cases <- list(
  four_splits = c(0.002, 0.364, 0.008, 0.002),
  spread = c(0.01, 0.04, 0.03, 0.005),
  running_max = c(0.001, 0.02, 0.019, 0.5, 0.04),
  cap_at_one = c(0.3, 0.6, 0.9),
  with_missing = c(0.02, NA, 0.01, 0.2),
  single = c(0.037)
)
adjust <- lapply(p_cases, function(p) list(
  p = I(p),
  holm = I(p.adjust(p, "holm")),
  bonferroni = I(p.adjust(p, "bonferroni"))
))

# ---- exact permutation tests ----------------------------------------------------------------------
make_panel <- function(seed, n_id, years, drop = integer(0)) {
  set.seed(seed)
  d <- expand.grid(year = seq_len(years), id = seq_len(n_id))[, c("id", "year")]
  alpha <- rnorm(n_id)
  d$x <- 0.5 * alpha[d$id] + rnorm(nrow(d))
  d$z <- rnorm(nrow(d))
  slope <- ifelse(d$id %% 3 == 0, 2.5, 1)  # steeper in ids 3, 6, 9, ...
  d$y <- alpha[d$id] + 0.2 * d$year + slope * d$x + 0.5 * d$z + rnorm(nrow(d), sd = ifelse(d$id %% 2 == 0, 2, 0.7))
  if (length(drop) > 0) d <- d[-drop, ]
  rownames(d) <- NULL
  d
}

group_fit <- function(dd, fe) {
  f <- if (fe) y ~ x + z + factor(id) + factor(year) else y ~ x + z
  lm(f, data = dd)
}

# T and d for one labelling (second = TRUE for the rows of the second group).
statistic <- function(d, second, fe, cluster) {
  fits <- list(group_fit(d[!second, ], fe), group_fit(d[second, ], fe))
  if (any(sapply(fits, function(f) any(is.na(coef(f)))))) stop("an aliased coefficient in a group fit")
  b <- sapply(fits, function(f) unname(coef(f)["x"]))
  v <- sapply(fits, function(f) {
    if (cluster) vcovCL(f, cluster = ~id, type = "HC0", cadjust = FALSE)["x", "x"] else vcovHC(f, type = "HC0")["x", "x"]
  })
  c <- if (cluster) { G <- length(unique(d$id)); G / (G - 1) } else { N <- nrow(d); N / (N - 1) }
  dd <- b[2] - b[1]
  c(t = dd / sqrt(c * sum(v)), d = dd)
}

# The SUEST route: one lm on the block-diagonal design, vcovCL HC0 with cadjust (G/(G-1)).
suest_t <- function(d, second, fe, cluster) {
  blocks <- lapply(list(!second, second), function(rows) {
    mm <- model.matrix(if (fe) ~ x + z + factor(id) + factor(year) else ~ x + z, data = d[rows, ])
    list(rows = which(rows), mm = mm)
  })
  X <- matrix(0, nrow(d), ncol(blocks[[1]]$mm) + ncol(blocks[[2]]$mm))
  X[blocks[[1]]$rows, seq_len(ncol(blocks[[1]]$mm))] <- blocks[[1]]$mm
  X[blocks[[2]]$rows, ncol(blocks[[1]]$mm) + seq_len(ncol(blocks[[2]]$mm))] <- blocks[[2]]$mm
  fit <- lm(d$y ~ 0 + X)
  V <- if (cluster) vcovCL(fit, cluster = d$id, type = "HC0", cadjust = TRUE) else vcovHC(fit, type = "HC0") * nrow(d) / (nrow(d) - 1)
  i <- 2
  j <- ncol(blocks[[1]]$mm) + 2
  (coef(fit)[j] - coef(fit)[i]) / sqrt(V[i, i] + V[j, j] - 2 * V[i, j])
}

exact_case <- function(d, second_units, fe, cluster) {
  units <- if (cluster) sort(unique(d$id)) else seq_len(nrow(d))
  unit_of_row <- if (cluster) match(d$id, units) else seq_len(nrow(d))
  observed_second <- unit_of_row %in% second_units
  obs <- statistic(d, observed_second, fe, cluster)
  cross <- suest_t(d, observed_second, fe, cluster)
  if (abs(cross - obs[["t"]]) > 1e-9 * abs(obs[["t"]])) stop(sprintf("SUEST cross-check: %.12g vs %.12g", cross, obs[["t"]]))
  subsets <- combn(length(units), length(second_units))
  all <- apply(subsets, 2, function(s) statistic(d, unit_of_row %in% s, fe, cluster))
  p_of <- function(values, observed) mean(abs(values) >= abs(observed) * (1 - TIE))
  list(
    data = d,
    second_units = units[second_units],
    fe = fe,
    cluster = cluster,
    assignments = ncol(subsets),
    observed_t = obs[["t"]],
    observed_d = obs[["d"]],
    p_studentized = p_of(all["t", ], obs[["t"]]),
    p_difference = p_of(all["d", ], obs[["d"]]),
    distribution_t = all["t", ],
    distribution_d = all["d", ]
  )
}

balanced <- make_panel(11, 9, 4)
unbalanced <- make_panel(12, 10, 4, drop = c(3, 9, 22, 36))
rows <- make_panel(13, 12, 1)
exact <- list(
  # 9 ids x 4 years, ids 3, 6, 9 (the steeper slope) in the second group: C(9, 3) = 84
  exact_fe_cluster_balanced = exact_case(balanced, c(3, 6, 9), fe = TRUE, cluster = TRUE),
  # 10 ids, 4 rows dropped (unbalanced), ids 3, 6, 9 (steeper) and 10 second: C(10, 4) = 210
  exact_fe_cluster_unbalanced = exact_case(unbalanced, c(3, 6, 9, 10), fe = TRUE, cluster = TRUE),
  # 12 rows, no fixed effects, heteroskedasticity-robust, rows 3, 6, 9, 12, 1 second: C(12, 5) = 792
  exact_nofe_hetero_rows = exact_case(rows, c(1, 3, 6, 9, 12), fe = FALSE, cluster = FALSE)
)

# ---- joint interaction model (fixest) -------------------------------------------------------------
suppressPackageStartupMessages(library(fixest))
set.seed(21)
n_id <- 40
years <- 6
jd <- expand.grid(year = seq_len(years), id = seq_len(n_id))[, c("id", "year")]
alpha <- rnorm(n_id)
fa <- rbinom(n_id, 1, 0.4)
fb <- rbinom(n_id, 1, 0.5)
jd$fa <- fa[jd$id]
jd$fb <- fb[jd$id]
jd$fc <- as.integer(jd$year >= 2 + jd$id %% 4)  # varies within id, switching on in different years: its main effect is included
jd$x <- 0.5 * alpha[jd$id] + rnorm(nrow(jd))
jd$w <- rnorm(nrow(jd))
jd$y <- alpha[jd$id] + 0.1 * jd$year + (-0.4 - 0.3 * jd$fa - 0.1 * jd$fb + 0.2 * jd$fc) * jd$x + 0.3 * jd$w + 0.5 * jd$fc + rnorm(nrow(jd))
jm <- feols(y ~ x + w + x:fa + x:fb + x:fc + fc | id + year, jd, cluster = ~id)
terms <- c("x:fa", "x:fb", "x:fc")
ct <- coeftable(jm)
ci <- confint(jm, level = 0.9)
wt <- wald(jm, keep = "^x:", print = FALSE)
joint <- list(
  data = jd,
  level = 0.9,
  terms = c("x", terms),
  estimate = unname(ct[c("x", terms), 1]),
  se = unname(ct[c("x", terms), 2]),
  t = unname(ct[c("x", terms), 3]),
  p = unname(ct[c("x", terms), 4]),
  ci_lower = unname(ci[c("x", terms), 1]),
  ci_upper = unname(ci[c("x", terms), 2]),
  wald_stat = wt$stat,
  wald_p = wt$p,
  wald_df1 = wt$df1,
  wald_df2 = wt$df2
)

out <- c(list(adjust = adjust), exact, list(joint = joint))
write(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", dataframe = "columns"), file.path(golden_dir, "groups_r.json"))
cat("wrote", file.path(golden_dir, "groups_r.json"), "\n")
for (k in names(exact)) cat(sprintf("%s: %d assignments, T = %.6f, p (studentized) = %.6f, p (difference) = %.6f\n",
  k, exact[[k]]$assignments, exact[[k]]$observed_t, exact[[k]]$p_studentized, exact[[k]]$p_difference))
cat(sprintf("joint: wald F = %.6f (df %d, %d), p = %.3g\n", wt$stat, wt$df1, wt$df2, wt$p))
