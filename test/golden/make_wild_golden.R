# Golden values for the wild cluster bootstrap (lib/resample/wildBootstrap.ts), written from scratch
# with lm() and sandwich::vcovCL — an implementation independent of the kit's fast algorithm: every
# bootstrap draw is a full refit of y* on the regressors and the fixed effects as dummies.
#
# Under Rademacher weights with 2^G draws fully enumerated the bootstrap is deterministic, so the
# bootstrap t statistics of every draw, and the p-value, can be compared exactly.
#
# Conventions (fixest / design §4): CR1 = G/(G-1) * (N-1)/(N-K) * CR0 with K nested (fixed effects
# nested in the cluster variable do not count). The factor cancels from the p-value but not from t*.
# Draw b (0-based) has weight v_g = -1 when bit g of b is set, else +1; clusters g = 0..G-1 in sorted
# order of the cluster variable. p = mean(|t*| >= |t| * (1 - 1e-10)).
#
# Run from the repository root:  Rscript test/golden/make_wild_golden.R
# Needs r-base-core, r-cran-sandwich, r-cran-jsonlite (Debian).
suppressPackageStartupMessages({
  library(sandwich)
  library(jsonlite)
})

golden_dir <- "test/golden"
TIE <- 1e-10

# ---- the synthetic few-cluster panel: 8 clusters of 3 units, unbalanced years ----------------------
set.seed(20261129)
units <- data.frame(id = 1:24, grp = rep(1:8, each = 3))
panel <- do.call(rbind, lapply(units$id, function(i) {
  years <- 2001:2010
  keep <- sort(sample(years, sample(7:10, 1)))   # unbalanced: 7 to 10 years per unit
  data.frame(id = i, grp = units$grp[i], year = keep)
}))
n <- nrow(panel)
alpha_id <- rnorm(24)[panel$id]
alpha_year <- rnorm(10)[panel$year - 2000]
shock_grp <- rnorm(8)[panel$grp]
panel$x <- round(0.5 * alpha_id + rnorm(n) + 0.3 * shock_grp, 6)
panel$z <- round(rnorm(n), 6)
panel$y <- round(0.25 * panel$x - 0.4 * panel$z + alpha_id + alpha_year + shock_grp * rnorm(n, sd = 0.5) + rnorm(n), 6)
# (the panel itself is stored in wild_r.json, as an object of columns, under "panel8")

grunfeld <- read.csv(file.path(golden_dir, "grunfeld.csv"))

# ---- one wild cluster bootstrap by brute force ---------------------------------------------------------
# rhs: the regressors (character), fe: fixed effects entered as dummies, coef: tested, beta0: null.
wild_enumerate <- function(d, yname, rhs, fe, cluster, coef, beta0, impose, nested_fe) {
  fe_terms <- if (length(fe)) paste0("factor(", fe, ")") else character(0)
  rhs_all <- c(rhs, fe_terms)
  f_full <- reformulate(rhs_all, response = "ystar")
  d$ystar <- d[[yname]]
  fit <- lm(f_full, data = d)
  N <- nrow(d)
  cl <- d[[cluster]]
  levels_cl <- sort(unique(cl))
  G <- length(levels_cl)
  g_index <- match(cl, levels_cl) - 1
  p <- length(rhs)
  K_full <- p + sum(vapply(fe, function(f) length(unique(d[[f]])), numeric(1))) - max(length(fe) - 1, 0)
  if (!length(fe)) K_full <- p + 1               # the intercept
  K <- K_full - sum(vapply(nested_fe, function(f) length(unique(d[[f]])) - 1, numeric(1)))
  cfac <- G / (G - 1) * (N - 1) / (N - K)
  cr1 <- function(m) cfac * vcovCL(m, cluster = cl, type = "HC0", cadjust = FALSE)
  b <- unname(coef(fit)[coef])
  se <- sqrt(cr1(fit)[coef, coef])
  t <- (b - beta0) / se

  if (impose) {
    d$yr <- d[[yname]] - beta0 * d[[coef]]
    others <- setdiff(rhs_all, coef)
    f_r <- if (length(others)) reformulate(others, response = "yr") else yr ~ 1
    rfit <- lm(f_r, data = d)
    u <- residuals(rfit)
    centre <- beta0
  } else {
    u <- residuals(fit)
    centre <- b
  }
  yhat <- d[[yname]] - u
  B <- 2^G
  tstar <- numeric(B)
  for (bb in 0:(B - 1)) {
    v <- ifelse(bitwAnd(bb, 2^g_index) > 0, -1, 1)
    d$ystar <- yhat + v * u
    m <- lm(f_full, data = d)
    tstar[bb + 1] <- (coef(m)[coef] - centre) / sqrt(cr1(m)[coef, coef])
  }
  pval <- mean(abs(tstar) >= abs(t) * (1 - TIE))
  # distance of the nearest |t*| that is not a tie, relative to |t| (the p-value is robust if large)
  rel <- abs(abs(tstar) - abs(t)) / abs(t)
  margin <- min(rel[rel > 1e-8])
  list(coef = coef, null = beta0, impose = impose, cluster = cluster, G = G, N = N, K = K,
       estimate = b, se = se, t = t, p = pval, draws = B, tieMargin = margin,
       tstar = unname(tstar))
}

# p-value function on a grid (for the confidence interval by test inversion)
p_grid <- function(d, yname, rhs, fe, cluster, coef, impose, nested_fe, grid) {
  sapply(grid, function(b0) wild_enumerate(d, yname, rhs, fe, cluster, coef, b0, impose, nested_fe)$p)
}

cases <- list()
cases$grunfeld_twoway_capital <- c(list(data = "grunfeld.csv", formula = "inv ~ value + capital | firm + year"),
  wild_enumerate(grunfeld, "inv", c("value", "capital"), c("firm", "year"), "firm", "capital", 0.1, TRUE, "firm"))
cases$grunfeld_twoway_value_wcu <- c(list(data = "grunfeld.csv", formula = "inv ~ value + capital | firm + year"),
  wild_enumerate(grunfeld, "inv", c("value", "capital"), c("firm", "year"), "firm", "value", 0, FALSE, "firm"))
cases$panel8_twoway_x <- c(list(data = "panel8", formula = "y ~ x + z | id + year"),
  wild_enumerate(panel, "y", c("x", "z"), c("id", "year"), "grp", "x", 0, TRUE, "id"))
cases$panel8_pooled_x <- c(list(data = "panel8", formula = "y ~ x + z"),
  wild_enumerate(panel, "y", c("x", "z"), character(0), "grp", "x", 0, TRUE, character(0)))
cases$panel8_yearfe_z_wcu <- c(list(data = "panel8", formula = "y ~ x + z | year"),
  wild_enumerate(panel, "y", c("x", "z"), "year", "grp", "z", -0.2, FALSE, character(0)))

grid <- c(-0.2, 0, 0.1, 0.2, 0.3, 0.4, 0.6)
pfun <- list(data = "panel8", formula = "y ~ x + z | id + year", coef = "x", cluster = "grp", impose = TRUE,
             grid = grid, p = p_grid(panel, "y", c("x", "z"), c("id", "year"), "grp", "x", TRUE, "id", grid))

out <- list(
  note = paste("Made by test/golden/make_wild_golden.R (R", getRversion(), ", sandwich", as.character(packageVersion("sandwich")),
               "): brute-force wild cluster bootstrap with lm() refits and CR1 = G/(G-1)(N-1)/(N-K) vcovCL(HC0, cadjust = FALSE),",
               "all 2^G Rademacher draws enumerated (v_g = -1 when bit g of the draw index is set; clusters in sorted order)."),
  panel8 = as.list(panel),
  cases = cases,
  pValueFunction = pfun
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(golden_dir, "wild_r.json"))
cat("wrote", file.path(golden_dir, "wild_r.json"), "\n")
for (nm in names(cases)) cat(sprintf("%-28s t = %9.5f  p = %.6f  (draws %d, tie margin %.2e)\n", nm, cases[[nm]]$t, cases[[nm]]$p, cases[[nm]]$draws, cases[[nm]]$tieMargin))
cat("p(beta0) grid:", pfun$p, "\n")
