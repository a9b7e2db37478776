# make_core_golden.R -- golden values for the OLS estimator core (fixest conventions, reproduced by hand).
#
# Run from the repository root:   Rscript test/golden/make_core_golden.R
#
# Writes
#   test/golden/unbalanced_panel.csv   a small, seeded, unbalanced panel with planted missing values,
#                                      singletons (incl. a 3-round cascade) and collinear regressors
#   test/golden/core_r.json            golden values (coefficients, se, t, p, vcov, K, df, fit statistics)
#
# fixest is not installed here, so its conventions (design.md section 4; fixest 0.12 defaults,
# ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE, cluster.df = "min", t.df = "min",
# fixef.force_exact = FALSE)) are reproduced by hand:
#   * the fixed effects are partialled out exactly by a QR projection on the dummy matrix (Frisch-Waugh-Lovell);
#   * K_full = p + sum_f L_f - (F - 1)  (fixest's count, no search for further redundancy);
#   * iid: sigma^2 = SSR / (N - K_full); hetero: HC0 * N / (N - K_full);
#   * cluster: CR0 * G/(G-1) * (N-1)/(N-K), K = K_full - sum over FEs nested in a cluster variable of (L_f - 1)
#     (all FEs nested: K = p + 1), t df = G - 1;
#   * two-way cluster: (CR0_1 + CR0_2 - CR0_12) * Gmin/(Gmin-1) * (N-1)/(N-K), t df = Gmin - 1;
#   * p = 2 * pt(-|t|, df);
#   * r2 = 1 - SSR/TSS, adj_r2 = 1 - SSR/TSS * (N-1)/(N-K_full);
#     within_r2 = 1 - SSR/SSR_fe_only (SSR_fe_only: y demeaned by all the FEs in the estimation sample);
#     within_adj_r2 = 1 - SSR/SSR_fe_only * (N - nb_fe)/(N - K_full), nb_fe = K_full - p
#     (fixest R/fitstats.R, r2(): res = 1 - ssr/ssr_fe_only * (n - nb_fe)/(n - nb_fe - df_k),
#      nb_fe = nparams - length(coef), df_k = length(coef)).
# The script first reproduces the committed fixest 0.12.1 reference on Grunfeld (grunfeld_fixest.json) and
# stop()s unless every number agrees to 1e-10 relative: the machinery proves its own conventions.
# Every model is then cross-checked against base lm() on factor dummies + sandwich, and plm / estimatr where
# they apply; the largest relative discrepancy of each cross-check is stored next to the numbers.

suppressPackageStartupMessages({
  library(sandwich)
  library(plm)
  library(estimatr)
  library(jsonlite)
})

golden_dir <- "test/golden"
if (!file.exists(file.path(golden_dir, "grunfeld_fixest.json"))) {
  stop("Run from the repository root: Rscript test/golden/make_core_golden.R")
}

SEED <- 20240611L
REL_TOL_SELFCHECK <- 1e-10   # fixest reference vs this machinery
REL_TOL_CROSS <- 1e-9        # this machinery vs lm/sandwich/plm/estimatr

# ----------------------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------------------

rel_diff <- function(a, b) {
  a <- as.numeric(a); b <- as.numeric(b)
  stopifnot(length(a) == length(b))
  if (length(a) == 0) return(0)
  d <- abs(a - b) / pmax(abs(a), abs(b), 1e-300)
  d[a == b] <- 0
  max(d)
}

# Matrix relative difference on the scale of the matrix (entries near zero compared to the diagonal scale).
mat_rel_diff <- function(A, B) {
  A <- as.matrix(A); B <- as.matrix(B)
  s <- sqrt(outer(abs(diag(A)), abs(diag(A))))
  max(abs(A - B) / pmax(s, 1e-300))
}

named_list <- function(v) as.list(setNames(as.numeric(v), names(v)))

# Iterative singleton removal. `fes` is a list of vectors (one per fixed effect) on the rows of the sample.
# Round r flags, simultaneously for every FE, the rows whose level has exactly one row among the rows still
# kept, and removes them all; repeat until a round flags nothing. Also counts the passes of the sequential
# variant (FE by FE, removing as it goes, as fixest/reghdfe loop), which reaches the same fixed point.
singleton_rounds <- function(fes) {
  n <- length(fes[[1]])
  keep <- rep(TRUE, n)
  rounds <- list()
  repeat {
    flag <- rep(FALSE, n)
    for (f in fes) {
      cnt <- table(f[keep])
      single <- names(cnt)[cnt == 1]
      flag <- flag | (keep & as.character(f) %in% single)
    }
    if (!any(flag)) break
    rounds[[length(rounds) + 1]] <- which(flag)
    keep <- keep & !flag
  }
  # sequential variant
  keep2 <- rep(TRUE, n)
  passes <- 0L
  repeat {
    changed <- FALSE
    for (f in fes) {
      cnt <- table(f[keep2])
      single <- names(cnt)[cnt == 1]
      fl <- keep2 & as.character(f) %in% single
      if (any(fl)) { keep2 <- keep2 & !fl; changed <- TRUE }
    }
    if (!changed) break
    passes <- passes + 1L
  }
  stopifnot(identical(keep, keep2))
  list(keep = keep, rounds = rounds, sequential_passes = passes)
}

# Connected components of the bipartite graph of two factors (number of components).
n_components <- function(f1, f2) {
  a <- paste0("a", as.character(f1)); b <- paste0("b", as.character(f2))
  nodes <- unique(c(a, b))
  parent <- setNames(nodes, nodes)
  find <- function(x) { while (parent[[x]] != x) x <- parent[[x]]; x }
  for (i in seq_along(a)) {
    ra <- find(a[i]); rb <- find(b[i])
    if (ra != rb) parent[[ra]] <- rb
  }
  length(unique(vapply(nodes, find, "")))
}

# Is factor f nested in cluster variable cl (every level of f within a single cluster)?
is_nested_in <- function(f, cl) all(tapply(as.character(cl), as.character(f), function(z) length(unique(z))) == 1)

# ----------------------------------------------------------------------------------------------------------
# The estimator: OLS with fixed effects partialled out exactly; fixest's small-sample conventions.
#   y: numeric; X: numeric matrix with fixest-style column names (formula order);
#   fe: named list of factors (names as fixest prints them, e.g. "id", "region^year"); empty list = no FE
#       (X must then contain "(Intercept)");
#   clusters: named list of cluster specs, each a named list of vectors, e.g. list(id = list(id = ...)).
# ----------------------------------------------------------------------------------------------------------
fe_ols <- function(y, X, fe, clusters, coll_tol = 1e-9) {
  N <- length(y)
  F <- length(fe)
  if (F > 0) {
    D <- model.matrix(as.formula(paste("~", paste0("f", seq_len(F), collapse = " + "))),
                      data = setNames(lapply(fe, factor), paste0("f", seq_len(F))))
    qrD <- qr(D)
    Xt <- qr.resid(qrD, X)
    yt <- qr.resid(qrD, y)
    fe_rank <- qrD$rank
  } else {
    Xt <- X; yt <- y; fe_rank <- 0L
  }
  dimnames(Xt) <- dimnames(X)
  # Collinearity in formula order: drop column j if its residual on the FEs and the kept earlier columns
  # has squared norm below coll_tol times the squared norm of the column itself (before partialling).
  kept <- character(0)
  dropped <- character(0)
  for (j in colnames(X)) {
    v <- Xt[, j]
    if (length(kept) > 0) v <- qr.resid(qr(Xt[, kept, drop = FALSE]), v)
    if (sum(v^2) <= coll_tol * sum(X[, j]^2)) dropped <- c(dropped, j) else kept <- c(kept, j)
  }
  Xk <- Xt[, kept, drop = FALSE]
  p <- length(kept)
  XtX <- crossprod(Xk)
  bread <- solve(XtX)
  beta <- drop(bread %*% crossprod(Xk, yt))
  names(beta) <- kept
  e <- drop(yt - Xk %*% beta)
  ssr <- sum(e^2)
  fe_sizes <- vapply(fe, function(f) length(unique(f)), 1L)
  K_full <- if (F > 0) p + sum(fe_sizes) - (F - 1) else p
  tss <- sum((y - mean(y))^2)
  fit <- list(
    nobs = N,
    r2 = 1 - ssr / tss,
    adj_r2 = 1 - ssr / tss * (N - 1) / (N - K_full),
    ssr = ssr,
    rmse = sqrt(ssr / N),
    sigma_iid = sqrt(ssr / (N - K_full))
  )
  if (F > 0) {
    ssr_fe <- sum(yt^2)
    nb_fe <- K_full - p
    fit$within_r2 <- 1 - ssr / ssr_fe
    fit$within_adj_r2 <- 1 - ssr / ssr_fe * (N - nb_fe) / (N - K_full)
    fit$ssr_fe_only <- ssr_fe
  }
  S <- Xk * e   # scores
  cr0 <- function(g) {
    Sg <- rowsum(S, as.character(g), reorder = FALSE)
    bread %*% crossprod(Sg) %*% bread
  }
  mk <- function(V, K, df, label, type) {
    dimnames(V) <- list(kept, kept)
    se <- sqrt(diag(V))
    tt <- beta / se
    pv <- 2 * pt(-abs(tt), df)
    list(label = label, vcov_type = type, dof_K = K, df_t = df,
         coef = beta, se = se, t = tt, p = pv, V = V)
  }
  out <- list()
  out$iid <- mk(ssr / (N - K_full) * bread, K_full, N - K_full, "iid: SSR/(N-K_full) * (X~'X~)^-1", "IID")
  hc0 <- bread %*% crossprod(S) %*% bread
  out$hetero <- mk(hc0 * N / (N - K_full), K_full, N - K_full,
                   "hetero: HC0 * N/(N-K_full) (fixest 'hetero' = HC1)", "Heteroskedasticity-robust")
  nested_info <- list()
  for (cn in names(clusters)) {
    cl <- clusters[[cn]]
    cl_names <- names(cl)
    # fixest's nesting rule: FE named like a cluster variable, or an a^b FE with a component named like one,
    # or (checked on the data) every level of the FE within a single cluster value.
    nested <- vapply(names(fe), function(fn) {
      if (fn %in% cl_names) return(TRUE)
      if (grepl("^", fn, fixed = TRUE) && any(strsplit(fn, "^", fixed = TRUE)[[1]] %in% cl_names)) return(TRUE)
      any(vapply(cl, function(cv) is_nested_in(fe[[fn]], cv), TRUE))
    }, TRUE)
    if (F > 0 && all(nested)) {
      K <- K_full - (sum(fe_sizes) - (F - 1)) + 1
    } else if (F > 0) {
      K <- K_full - sum(fe_sizes[nested] - 1)
    } else {
      K <- K_full
    }
    K <- max(K, p + 1 * (F > 0))
    nested_info[[cn]] <- as.list(nested)
    Gs <- vapply(cl, function(v) length(unique(v)), 1L)
    if (length(cl) == 1) {
      G <- Gs[[1]]
      V <- cr0(cl[[1]]) * G / (G - 1) * (N - 1) / (N - K)
      out[[paste0("cluster_", cn)]] <- mk(V, K, G - 1,
        sprintf("cluster by %s: CR0 * G/(G-1) * (N-1)/(N-K), G = %d, K = %d (nested rule)", cn, G, K),
        sprintf("Clustered (%s)", cl_names))
      out[[paste0("cluster_", cn)]]$G <- as.list(Gs)
    } else {
      stopifnot(length(cl) == 2)
      inter <- paste(cl[[1]], cl[[2]], sep = "\r")
      Gmin <- min(Gs)
      V <- (cr0(cl[[1]]) + cr0(cl[[2]]) - cr0(inter)) * Gmin / (Gmin - 1) * (N - 1) / (N - K)
      out[[paste0("cluster_", cn)]] <- mk(V, K, Gmin - 1,
        sprintf("two-way cluster by %s: (CR0_1 + CR0_2 - CR0_12) * Gmin/(Gmin-1) * (N-1)/(N-K), Gmin = %d, K = %d",
                paste(cl_names, collapse = " & "), Gmin, K),
        sprintf("Clustered (%s)", paste(cl_names, collapse = " & ")))
      out[[paste0("cluster_", cn)]]$G <- as.list(Gs)
    }
  }
  list(beta = beta, kept = kept, dropped = dropped, p = p, K_full = K_full, fe_rank = fe_rank,
       fe_sizes = fe_sizes, fit = fit, vcov = out, resid = e, Xt = Xk, bread = bread, hc0 = hc0,
       cr0 = cr0, nested = nested_info, N = N)
}

# ----------------------------------------------------------------------------------------------------------
# 1. Self-check on Grunfeld against the committed fixest 0.12.1 reference
# ----------------------------------------------------------------------------------------------------------
ref <- fromJSON(file.path(golden_dir, "grunfeld_fixest.json"), simplifyVector = TRUE)
gr <- read.csv(file.path(golden_dir, "grunfeld.csv"))
gX <- as.matrix(gr[, c("value", "capital")])
gfit <- fe_ols(gr$inv, gX, list(firm = gr$firm, year = gr$year),
               list(firm = list(firm = gr$firm), firm_year = list(firm = gr$firm, year = gr$year)))

selfcheck <- list()
compare_entry <- function(mine, refe, name) {
  rc <- refe$coefficients
  nm <- names(rc)
  d <- c(
    estimate = rel_diff(mine$coef[nm], sapply(rc, `[[`, "estimate")),
    se = rel_diff(mine$se[nm], sapply(rc, `[[`, "se")),
    t = rel_diff(mine$t[nm], sapply(rc, `[[`, "t")),
    p = rel_diff(mine$p[nm], sapply(rc, `[[`, "p")),
    vcov = rel_diff(mine$V[refe$vcov_names, refe$vcov_names], refe$vcov),
    dof_K = rel_diff(mine$dof_K, refe$dof_K),
    df_t = rel_diff(mine$df_t, refe$df_t)
  )
  selfcheck[[name]] <<- as.list(d)
  if (any(d > REL_TOL_SELFCHECK)) {
    print(d)
    stop("Self-check against fixest reference failed for ", name)
  }
}
compare_entry(gfit$vcov$iid, ref$twfe_iid, "twfe_iid")
compare_entry(gfit$vcov$hetero, ref$twfe_hc1, "twfe_hc1")
compare_entry(gfit$vcov$cluster_firm, ref$twfe_cluster_firm_default, "twfe_cluster_firm_default")
compare_entry(gfit$vcov$cluster_firm_year, ref$twfe_cluster_firm_year_default, "twfe_cluster_firm_year_default")
fitd <- c(
  within_r2 = rel_diff(gfit$fit$within_r2, ref$twfe_fit$within_r2),
  within_adj_r2 = rel_diff(gfit$fit$within_adj_r2, ref$twfe_fit$within_adj_r2),
  r2 = rel_diff(gfit$fit$r2, ref$twfe_fit$r2),
  adj_r2 = rel_diff(gfit$fit$adj_r2, ref$twfe_fit$adj_r2),
  ssr = rel_diff(gfit$fit$ssr, ref$twfe_fit$ssr),
  rmse = rel_diff(gfit$fit$rmse, ref$twfe_fit$rmse),
  nparams = rel_diff(gfit$K_full, ref$twfe_fit$nparams)
)
selfcheck$twfe_fit <- as.list(fitd)
if (any(fitd > REL_TOL_SELFCHECK)) { print(fitd); stop("Self-check of fit statistics failed") }
# pooled OLS as well (intercept; K = p)
gp <- fe_ols(gr$inv, cbind("(Intercept)" = 1, gX), list(), list())
compare_entry(gp$vcov$iid, ref$pooled_ols_iid, "pooled_ols_iid")
compare_entry(gp$vcov$hetero, ref$pooled_ols_hc1, "pooled_ols_hc1")
pfd <- c(r2 = rel_diff(gp$fit$r2, ref$pooled_ols_fit$r2), adj_r2 = rel_diff(gp$fit$adj_r2, ref$pooled_ols_fit$adj_r2),
         ssr = rel_diff(gp$fit$ssr, ref$pooled_ols_fit$ssr), rmse = rel_diff(gp$fit$rmse, ref$pooled_ols_fit$rmse))
selfcheck$pooled_ols_fit <- as.list(pfd)
if (any(pfd > REL_TOL_SELFCHECK)) { print(pfd); stop("Self-check of pooled fit statistics failed") }
selfcheck_max <- max(unlist(selfcheck))
cat(sprintf("Self-check vs fixest 0.12.1 (Grunfeld): max relative difference %.3g over %d quantities\n",
            selfcheck_max, length(unlist(selfcheck))))

# ----------------------------------------------------------------------------------------------------------
# 2. The unbalanced panel
# ----------------------------------------------------------------------------------------------------------
# Planted cases (ids 41-45 are added by hand on top of the random panel of ids 1-40, years 2001-2010):
#   id 41: one row (2005)                          -> singleton id in every model;
#   id 42: two rows (2003, 2007), y missing in 2007 -> singleton id after missing-value removal (every model);
#   id 43: two rows (2002, 2008), x2 missing in 2008 -> singleton only in models that use x2
#          (models without x2 keep both rows);
#   ids 44, 45 (both region "west"): the cascade. Year 2011 has exactly two rows: (44, 2011) and (45, 2011);
#          id 44 has no other row, id 45 has one other row (45, 2004).
#          round 1: id 44 is a singleton -> drop (44, 2011);
#          round 2: year 2011 (and west^2011) now has one row -> drop (45, 2011);
#          round 3: id 45 now has one row -> drop (45, 2004).
#   The random panel: 40 ids x 10 years, 60 of the 400 rows removed at random (15%), then missing values
#   planted at random: 4 in y, 3 in x1, 3 in x2 (ids 1-40 only, distinct rows).
# x_coll = 2*x1 - x2 exactly (all three are 4-decimal numbers, so the CSV holds them exactly to the decimal);
# x_fecoll is constant within id (collinear with the id fixed effect).
set.seed(SEED, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
regions <- c("north", "south", "east", "west")
n_id <- 40L
years <- 2001:2010
id_region <- c(sample(rep(regions, each = n_id / 4)), "north", "south", "east", "west", "west")
names(id_region) <- as.character(1:45)
alpha <- rnorm(45, 0, 1)
gamma <- setNames(rnorm(11, 0, 0.5), as.character(2001:2011))
reg_year <- matrix(rnorm(4 * 11, 0, 0.3), 4, 11, dimnames = list(regions, as.character(2001:2011)))
x_fe_val <- round(rnorm(45, 0, 1), 4)

full <- expand.grid(year = years, id = 1:n_id)[, c("id", "year")]
removed <- sort(sample(nrow(full), 60))
panel <- full[-removed, ]
planted <- data.frame(id = c(41L, 42L, 42L, 43L, 43L, 44L, 45L, 45L),
                      year = c(2005L, 2003L, 2007L, 2002L, 2008L, 2011L, 2004L, 2011L))
panel <- rbind(panel, planted)
panel <- panel[order(panel$id, panel$year), ]
rownames(panel) <- NULL
n <- nrow(panel)
panel$region <- unname(id_region[as.character(panel$id)])
# serially correlated, heteroskedastic errors (so that the four variance types differ visibly)
u <- numeric(n)
for (i in seq_len(n)) {
  prev <- if (i > 1 && panel$id[i - 1] == panel$id[i]) u[i - 1] else 0
  u[i] <- 0.5 * prev + rnorm(1)
}
a <- alpha[panel$id]
g <- gamma[as.character(panel$year)]
x1 <- 0.5 * a + rnorm(n)
x2 <- 0.4 * g + 0.3 * x1 + rnorm(n)
x3 <- 0.2 * x1 + rnorm(n)
ry <- reg_year[cbind(match(panel$region, regions), match(as.character(panel$year), colnames(reg_year)))]
yv <- 1 + a + g + ry + 0.8 * x1 - 0.5 * x2 + 0.3 * x3 * (panel$year - 2005) / 5 + u * (1 + 0.5 * abs(x1))
panel$y <- round(yv, 4)
panel$x1 <- round(x1, 4)
panel$x2 <- round(x2, 4)
panel$x3 <- round(x3, 4)
# missing values
base_rows <- which(panel$id <= n_id)
na_rows <- sample(base_rows, 10)
panel$y[na_rows[1:4]] <- NA
panel$x1[na_rows[5:7]] <- NA
panel$x2[na_rows[8:10]] <- NA
panel$y[panel$id == 42 & panel$year == 2007] <- NA
panel$x2[panel$id == 43 & panel$year == 2008] <- NA
panel$x_coll <- round(2 * panel$x1 - panel$x2, 4)
panel$x_fecoll <- x_fe_val[panel$id]
stopifnot(all(table(panel$id[panel$id <= n_id]) >= 5))

csv_path <- file.path(golden_dir, "unbalanced_panel.csv")
write.csv(panel, csv_path, row.names = FALSE, na = "", quote = FALSE)

# Everything below uses the data as read back from the CSV (what the TypeScript tests will read).
d <- read.csv(csv_path, na.strings = "", colClasses = c(id = "integer", year = "integer", region = "character"))
stopifnot(nrow(d) == n, isTRUE(all.equal(d$y, panel$y)))
stopifnot(max(abs(d$x_coll - (2 * d$x1 - d$x2)), na.rm = TRUE) < 1e-12)

# ----------------------------------------------------------------------------------------------------------
# 3. Models
# ----------------------------------------------------------------------------------------------------------
# spec: vars = variables that must be non-missing; build_X(d) -> matrix; fe = names; singletons = keep/drop.
fe_value <- function(d, fn) {
  if (fn == "region^year") paste(d$region, d$year, sep = "_") else d[[fn]]
}

ixyear <- function(d, ref_first = TRUE) {
  lv <- sort(unique(d$year))
  if (ref_first) lv <- lv[-1]
  M <- sapply(lv, function(t) d$x3 * (d$year == t))
  M <- matrix(M, nrow = nrow(d))
  colnames(M) <- paste0("year::", lv, ":x3")
  M
}

models <- list(
  a_twfe_keep = list(formula = "y ~ x1 + x2 | id + year", vars = c("y", "x1", "x2"), fe = c("id", "year"),
                     singletons = "keep", X = function(d) as.matrix(d[, c("x1", "x2")])),
  b_twfe_drop = list(formula = "y ~ x1 + x2 | id + year", vars = c("y", "x1", "x2"), fe = c("id", "year"),
                     singletons = "drop", X = function(d) as.matrix(d[, c("x1", "x2")])),
  b_twfe_drop_onepass = list(formula = "y ~ x1 + x2 | id + year", vars = c("y", "x1", "x2"), fe = c("id", "year"),
                             singletons = "drop_onepass", X = function(d) as.matrix(d[, c("x1", "x2")])),
  c_id_regionyear_keep = list(formula = "y ~ x1 + x2 | id + region^year", vars = c("y", "x1", "x2"),
                              fe = c("id", "region^year"), singletons = "keep",
                              X = function(d) as.matrix(d[, c("x1", "x2")])),
  c_id_regionyear_drop = list(formula = "y ~ x1 + x2 | id + region^year", vars = c("y", "x1", "x2"),
                              fe = c("id", "region^year"), singletons = "drop",
                              X = function(d) as.matrix(d[, c("x1", "x2")])),
  d_collinear_xcoll_keep = list(formula = "y ~ x1 + x2 + x_coll | id + year", vars = c("y", "x1", "x2", "x_coll"),
                                fe = c("id", "year"), singletons = "keep",
                                X = function(d) as.matrix(d[, c("x1", "x2", "x_coll")])),
  d_collinear_xcoll_drop = list(formula = "y ~ x1 + x2 + x_coll | id + year", vars = c("y", "x1", "x2", "x_coll"),
                                fe = c("id", "year"), singletons = "drop",
                                X = function(d) as.matrix(d[, c("x1", "x2", "x_coll")])),
  d_collinear_fe_keep = list(formula = "y ~ x1 + x_fecoll | id + year", vars = c("y", "x1", "x_fecoll"),
                             fe = c("id", "year"), singletons = "keep",
                             X = function(d) as.matrix(d[, c("x1", "x_fecoll")])),
  d_collinear_fe_drop = list(formula = "y ~ x1 + x_fecoll | id + year", vars = c("y", "x1", "x_fecoll"),
                             fe = c("id", "year"), singletons = "drop",
                             X = function(d) as.matrix(d[, c("x1", "x_fecoll")])),
  e_pooled_interaction = list(formula = "y ~ x1 + x2 + x1:x2", vars = c("y", "x1", "x2"), fe = character(0),
                              singletons = "keep",
                              X = function(d) cbind("(Intercept)" = 1, x1 = d$x1, x2 = d$x2, "x1:x2" = d$x1 * d$x2)),
  f_iyear_keep = list(formula = "y ~ x1 + i(year, x3) | id + year  [first year level dropped: fixest i(year, x3, ref = 2001)]",
                      vars = c("y", "x1", "x3"), fe = c("id", "year"), singletons = "keep",
                      X = function(d) cbind(x1 = d$x1, ixyear(d, TRUE))),
  f_iyear_drop = list(formula = "y ~ x1 + i(year, x3) | id + year  [first year level dropped: fixest i(year, x3, ref = 2001)]",
                      vars = c("y", "x1", "x3"), fe = c("id", "year"), singletons = "drop",
                      X = function(d) cbind(x1 = d$x1, ixyear(d, TRUE))),
  f_iyear_allLevels_keep = list(formula = "y ~ x1 + i(year, x3) | id + year  [all year levels: fixest's own default for i(var, numeric)]",
                                vars = c("y", "x1", "x3"), fe = c("id", "year"), singletons = "keep",
                                X = function(d) cbind(x1 = d$x1, ixyear(d, FALSE)))
)

model_notes <- list(
  a_twfe_keep = "Two-way FE (id, year) with singletons kept (fixest fixef.rm = 'none'): the sample lm() with factor(id) + factor(year) dummies sees. K_full = p + L_id + L_year - 1 equals lm's rank because the id-year bipartite graph is connected (checked). Cluster id: id nested => K = K_full - (L_id - 1). Two-way id & year: both FEs nested => K = p + 1. Singleton rows have zero residual but their clusters still count in G.",
  b_twfe_drop = "As (a) on the rows that survive iterative singleton removal over id and year (computed in R by a loop: remove all rows whose id or year has one row, repeat until none). Fit on the survivors exactly like (a).",
  b_twfe_drop_onepass = "NOT the project's convention; for comparison. Singletons removed in ONE pass (round 1 of the loop only), which is what fixest 0.12.1's fixef.rm = 'singleton' does according to its documentation ('singletons are removed in just one pass, there is no recursivity implemented') and its C++ (cpppar_quf_table_sum flags singletons of every FE once, on the initial sample). Not verified against fixest itself (not installed). The cascade rows (45, 2011) and (45, 2004) stay in the sample, and (45, 2011) is then a year singleton with a zero residual. fixest's development code (cpp_index_table_sum, indexthis rewrite) loops until no singleton is left, like reghdfe and the project's convention (model b).",
  c_id_regionyear_keep = "FE id + region^year (one FE with a level per region-year combination, R: factor(paste(region, year))). Ids are nested in regions, so the id / region^year bipartite graph has one component per region (4): the exact FE rank is L_id + L_ry - 4, but fixest (fixef.force_exact = FALSE) counts K_full = p + L_id + L_ry - 1, i.e. 3 more than lm's rank. The golden values use fixest's K_full (iid and hetero degrees of freedom); lm cross-checks are converted. Cluster id: region^year is not nested in id, id is => K = K_full - (L_id - 1). Two-way id & year: region^year is nested in year (fixest detects it from the name: a component of 'region^year' is the cluster variable 'year') and id in id => all FEs nested => K = p + 1.",
  c_id_regionyear_drop = "As (c keep) after iterative singleton removal over id and region^year.",
  d_collinear_xcoll_keep = "x_coll = 2*x1 - x2 is exactly collinear with earlier regressors: it is dropped (lm gives NA; factor dummies are placed first in lm so that lm drops the regressor, as fixest does, not a dummy). Remaining coefficients equal model (a) (same sample: x_coll is missing exactly where x1 or x2 is).",
  d_collinear_xcoll_drop = "As (d keep), singletons dropped; equals model (b).",
  d_collinear_fe_keep = "x_fecoll is constant within id, so it is collinear with the id FE and dropped. The sample differs from (a): x2 is not used, so rows with only x2 missing stay (and id 43 is not a singleton).",
  d_collinear_fe_drop = "As (d fe keep), singletons dropped: here id 43 keeps both rows.",
  e_pooled_interaction = "Pooled OLS with intercept and product term x1:x2 (no FE, so no singleton removal). K = p = 4 (intercept included) for every vcov; cluster id: CR0 * G/(G-1) * (N-1)/(N-K).",
  f_iyear_keep = "Regressors x1 and x3*1[year = t] for every year level of the estimation sample except the first (2001), keyed 'year::t:x3' (design.md convention; in fixest this is i(year, x3, ref = 2001) -- fixest's i(year, x3) without ref keeps every level, see f_iyear_allLevels_keep). Singletons kept: year 2011 has two rows, (44, 2011) -- a singleton id -- and (45, 2011), so x3*1[2011] lies in the span of the id and year dummies and 'year::2011:x3' is dropped as collinear. Cluster id: K = K_full - (L_id - 1).",
  f_iyear_drop = "As (f keep) with singletons dropped: year 2011 leaves the sample (cascade), so there is no 'year::2011:x3' column at all.",
  f_iyear_allLevels_keep = "Like (f keep) but with a column for every year level, including 2001 (what fixest's i(year, x3) does when no ref is given). 'year::2011:x3' is again collinear and dropped."
)

fit_model <- function(spec, d) {
  n0 <- nrow(d)
  used <- unique(c(spec$vars, if (length(spec$fe)) c("id", "year", if ("region^year" %in% spec$fe) "region")))
  used <- unique(c(used, "id", "year"))  # cluster variables
  ok <- stats::complete.cases(d[, used])
  dm <- d[ok, ]
  n_missing <- n0 - nrow(dm)
  sing <- NULL
  if (length(spec$fe) > 0) {
    fes <- lapply(spec$fe, function(fn) fe_value(dm, fn))
    names(fes) <- spec$fe
    sing <- singleton_rounds(fes)
  }
  n_singletons_present <- if (is.null(sing)) 0L else sum(!sing$keep)
  if (spec$singletons == "drop" && !is.null(sing)) {
    ds <- dm[sing$keep, ]
  } else if (spec$singletons == "drop_onepass" && !is.null(sing)) {
    # fixest 0.12.1 fixef.rm = "singleton": "singletons are removed in just one pass, there is no recursivity
    # implemented" (its documentation) = round 1 of the loop only.
    one <- if (length(sing$rounds)) sing$rounds[[1]] else integer(0)
    ds <- if (length(one)) dm[-one, ] else dm
  } else {
    ds <- dm
  }
  rownames(ds) <- NULL
  X <- spec$X(ds)
  fe <- lapply(spec$fe, function(fn) fe_value(ds, fn))
  names(fe) <- spec$fe
  clusters <- list(id = list(id = ds$id), id_year = list(id = ds$id, year = ds$year))
  res <- fe_ols(ds$y, X, fe, clusters)
  res$sample <- ds
  res$X_all <- X
  res$n_missing <- n_missing
  res$n_singletons <- switch(spec$singletons, drop = n_singletons_present,
                             drop_onepass = if (length(sing$rounds)) length(sing$rounds[[1]]) else 0L, 0L)
  res$singletons_in_sample <- n_singletons_present
  res[["sing_res"]] <- sing
  res$dm <- dm
  res
}

# ----------------------------------------------------------------------------------------------------------
# Cross-checks against lm() on factor dummies + sandwich, plm, estimatr
# ----------------------------------------------------------------------------------------------------------
crosscheck <- function(spec, res) {
  ds <- res$sample
  X <- res$X_all
  N <- res$N
  cc <- list()
  # lm with the FE dummies FIRST (so lm's pivoting drops a collinear regressor, not a dummy)
  if (length(spec$fe) > 0) {
    fe_df <- setNames(lapply(spec$fe, function(fn) factor(fe_value(ds, fn))), paste0("FE", seq_along(spec$fe)))
    dd <- data.frame(y = ds$y, fe_df)
    dd$X <- X
    fml <- as.formula(paste("y ~", paste(names(fe_df), collapse = " + "), "+ X"))
  } else {
    dd <- data.frame(y = ds$y)
    dd$X <- X[, colnames(X) != "(Intercept)", drop = FALSE]
    fml <- y ~ X
  }
  m <- lm(fml, data = dd)
  cf <- coef(m)
  xnames <- if (length(spec$fe) > 0) paste0("X", colnames(X)) else c("(Intercept)", paste0("X", colnames(X)[-1]))
  lm_coef <- cf[xnames]
  names(lm_coef) <- colnames(X)
  lm_na <- names(lm_coef)[is.na(lm_coef)]
  cc$lm_dropped_NA <- I(lm_na)
  stopifnot(identical(sort(lm_na), sort(res$dropped)))
  lm_coef <- lm_coef[res$kept]
  cc$lm_rank <- m$rank
  cc$lm_coef_rel_diff <- rel_diff(lm_coef, res$beta)
  kn <- if (length(spec$fe) > 0) paste0("X", res$kept) else c("(Intercept)", paste0("X", res$kept[-1]))
  # iid: lm uses N - rank; convert to fixest's N - K_full
  V_lm <- vcov(m)[kn, kn] * (N - m$rank) / (N - res$K_full)
  cc$lm_iid_vcov_rel_diff <- mat_rel_diff(V_lm, res$vcov$iid$V)
  V_hc <- vcovHC(m, type = "HC0")[kn, kn] * N / (N - res$K_full)
  cc$sandwich_HC0_vcov_rel_diff <- mat_rel_diff(V_hc, res$vcov$hetero$V)
  vc <- res$vcov$cluster_id
  G <- vc$G$id
  V_cl <- vcovCL(m, cluster = ds$id, type = "HC0", cadjust = FALSE)[kn, kn] * G / (G - 1) * (N - 1) / (N - vc$dof_K)
  cc$sandwich_vcovCL_id_rel_diff <- mat_rel_diff(V_cl, vc$V)
  vc2 <- res$vcov$cluster_id_year
  Gmin <- min(unlist(vc2$G))
  V_cl2 <- vcovCL(m, cluster = data.frame(id = ds$id, year = ds$year), type = "HC0", cadjust = FALSE,
                  multi0 = FALSE)[kn, kn] * Gmin / (Gmin - 1) * (N - 1) / (N - vc2$dof_K)
  cc$sandwich_vcovCL_id_year_rel_diff <- mat_rel_diff(V_cl2, vc2$V)
  # plm (two-way within) where the FEs are id + year
  if (identical(spec$fe, c("id", "year"))) {
    pd <- pdata.frame(data.frame(id = ds$id, year = ds$year, y = ds$y, X), index = c("id", "year"))
    xcols <- make.names(colnames(X))
    pf <- plm(as.formula(paste("y ~", paste(xcols, collapse = " + "))), data = pd, model = "within", effect = "twoways")
    pcoef <- coef(pf)
    pk <- make.names(res$kept)
    cc$plm_coef_rel_diff <- rel_diff(pcoef[pk], res$beta)
    cc$plm_dropped <- I(setdiff(xcols, names(pcoef)))
    V_plm_cr0 <- vcovHC(pf, method = "arellano", type = "HC0", cluster = "group")[pk, pk]
    cc$plm_arellano_HC0_vs_CR0_id_rel_diff <- mat_rel_diff(V_plm_cr0, res$cr0(ds$id))
  }
  # estimatr: lm_robust with fixed_effects (HC0 / CR0: no small-sample factor)
  if (length(spec$fe) > 0) {
    ed <- data.frame(y = ds$y, X, check.names = TRUE)
    ed$id <- ds$id
    for (k in seq_along(spec$fe)) ed[[paste0("FE", k)]] <- factor(fe_value(ds, spec$fe[k]))
    # lm_robust(fixed_effects =) does not detect a regressor that is collinear after demeaning (on model d it
    # returns coefficients ~1e4 and variances ~1e23 instead of dropping x_coll), so it gets the kept columns only.
    xcols <- make.names(res$kept)
    if (length(res$dropped) > 0) cc$estimatr_note <- "lm_robust fitted on the kept regressors only (it does not detect collinearity after absorbing the FEs)"
    rhs <- paste(xcols, collapse = " + ")
    fef <- as.formula(paste("~", paste(paste0("FE", seq_along(spec$fe)), collapse = " + ")))
    er_hc0 <- suppressWarnings(lm_robust(as.formula(paste("y ~", rhs)), data = ed, fixed_effects = !!fef, se_type = "HC0"))
    er_cr0 <- suppressWarnings(lm_robust(as.formula(paste("y ~", rhs)), data = ed, fixed_effects = !!fef,
                                         clusters = id, se_type = "CR0"))
    pk <- make.names(res$kept)
    cc$estimatr_coef_rel_diff <- rel_diff(coef(er_hc0)[pk], res$beta)
    cc$estimatr_HC0_rel_diff <- mat_rel_diff(vcov(er_hc0)[pk, pk], res$hc0)
    cc$estimatr_CR0_id_rel_diff <- mat_rel_diff(vcov(er_cr0)[pk, pk], res$cr0(ds$id))
  } else {
    er <- lm_robust(y ~ x1 * x2, data = data.frame(y = ds$y, x1 = ds$x1, x2 = ds$x2, id = ds$id),
                    clusters = id, se_type = "stata")
    # estimatr "stata" = CR0 * G/(G-1) * (N-1)/(N-K) with K = p: identical to fixest without FE
    cc$estimatr_stata_cluster_rel_diff <- mat_rel_diff(vcov(er), res$vcov$cluster_id$V)
    er1 <- lm_robust(y ~ x1 * x2, data = data.frame(y = ds$y, x1 = ds$x1, x2 = ds$x2), se_type = "HC1")
    cc$estimatr_HC1_rel_diff <- mat_rel_diff(vcov(er1), res$vcov$hetero$V)
    cc$estimatr_coef_rel_diff <- rel_diff(coef(er), res$beta)
  }
  nums <- unlist(cc[grepl("rel_diff", names(cc))])
  if (any(nums > REL_TOL_CROSS)) { print(nums); stop("Cross-check failed for ", spec$formula) }
  cc
}

# ----------------------------------------------------------------------------------------------------------
# Run, collect, write
# ----------------------------------------------------------------------------------------------------------
vcov_entry <- function(v) {
  list(
    label = v$label,
    vcov_type = v$vcov_type,
    dof_K = v$dof_K,
    df_t = v$df_t,
    G = v$G,
    coefficients = setNames(lapply(names(v$coef), function(k)
      list(estimate = unname(v$coef[k]), se = unname(v$se[k]), t = unname(v$t[k]), p = unname(v$p[k]))),
      names(v$coef)),
    vcov = unname(v$V),
    vcov_names = I(colnames(v$V))
  )
}

out <- list()
summary_rows <- list()
for (mn in names(models)) {
  spec <- models[[mn]]
  res <- fit_model(spec, d)
  cc <- crosscheck(spec, res)
  connected <- NULL
  n_comp <- NULL
  if (length(spec$fe) == 2) {
    n_comp <- n_components(fe_value(res$sample, spec$fe[1]), fe_value(res$sample, spec$fe[2]))
    connected <- n_comp == 1
    # (a), (b), (d), (f): id-year graph connected, so fixest's K_full equals the exact rank lm finds;
    # (c): ids are nested in regions, so id / region^year has one component per region and K_full = rank + 3.
    if (identical(spec$fe, c("id", "year"))) stopifnot(connected, cc$lm_rank == res$K_full)
    if ("region^year" %in% spec$fe) stopifnot(n_comp == 4, res$K_full - cc$lm_rank == 3)
  }
  sing_info <- NULL
  if (!is.null(res[["sing_res"]])) {
    dm <- res$dm
    sing_info <- list(
      rounds = length(res[["sing_res"]]$rounds),
      sequential_passes = res[["sing_res"]]$sequential_passes,
      rows_per_round = lapply(res[["sing_res"]]$rounds, function(ix) lapply(ix, function(i) list(id = dm$id[i], year = dm$year[i]))),
      total = sum(!res[["sing_res"]]$keep),
      applied = spec$singletons != "keep"
    )
  }
  vc <- lapply(res$vcov, vcov_entry)
  entry <- list(
    formula = spec$formula,
    singletons = spec$singletons,
    note = model_notes[[mn]],
    nobs = res$N,
    rows_in_csv = nrow(d),
    dropped = list(missing = res$n_missing, singletons = res$n_singletons),
    singleton_removal = sing_info,
    fixef_sizes = as.list(res$fe_sizes),
    fe_graph_components = n_comp,
    fe_graph_connected = connected,
    K_full = res$K_full,
    nparams = res$K_full,
    lm_rank = cc$lm_rank,
    coef_names = I(res$kept),
    collinear_dropped = I(res$dropped),
    fit = res$fit,
    vcov = vc,
    crosscheck = cc
  )
  out[[mn]] <- entry
  summary_rows[[mn]] <- data.frame(model = mn, N = res$N, missing = res$n_missing, singletons = res$n_singletons,
                                   K_full = res$K_full, lm_rank = cc$lm_rank,
                                   K_cl_id = res$vcov$cluster_id$dof_K, K_cl_2w = res$vcov$cluster_id_year$dof_K,
                                   rounds = if (is.null(sing_info)) NA else sing_info$rounds,
                                   dropped_coll = paste(res$dropped, collapse = ","))
}

print(do.call(rbind, summary_rows), row.names = FALSE)

meta <- list(
  generated_by = "test/golden/make_core_golden.R (Rscript, run from the repository root)",
  R = R.version.string,
  packages = list(sandwich = as.character(packageVersion("sandwich")), plm = as.character(packageVersion("plm")),
                  estimatr = as.character(packageVersion("estimatr")), jsonlite = as.character(packageVersion("jsonlite"))),
  seed = SEED,
  rng = "set.seed(seed, kind = 'Mersenne-Twister', normal.kind = 'Inversion', sample.kind = 'Rejection')",
  data = list(
    csv = "unbalanced_panel.csv",
    rows = nrow(d),
    columns = names(d),
    description = "40 ids (1-40) x years 2001-2010 with 60 of 400 rows removed at random, plus planted rows for ids 41-45; region is constant within id; NA written as an empty field; all numeric values have at most 4 decimals.",
    missing = list(y = sum(is.na(d$y)), x1 = sum(is.na(d$x1)), x2 = sum(is.na(d$x2)), x_coll = sum(is.na(d$x_coll))),
    planted = list(
      id41 = "one row (2005): singleton id in every model",
      id42 = "rows 2003 and 2007, y missing in 2007: singleton after missing-value removal",
      id43 = "rows 2002 and 2008, x2 missing in 2008: singleton only when x2 is used",
      cascade = "year 2011 has exactly two rows, (44, 2011) and (45, 2011), both region 'west'; id 44 has no other row, id 45 one other row (45, 2004). Round 1 drops (44, 2011) [id 44 singleton], round 2 drops (45, 2011) [year 2011 / west^2011 singleton], round 3 drops (45, 2004) [id 45 singleton]: 3 rounds of simultaneous removal (2 passes of the sequential FE-by-FE loop).",
      x_coll = "2*x1 - x2 exactly (decimal arithmetic on 4-decimal values)",
      x_fecoll = "constant within id"
    )
  ),
  conventions = list(
    ssc = "fixest 0.12 defaults: adj = TRUE, fixef.K = 'nested', cluster.adj = TRUE, cluster.df = 'min', t.df = 'min', fixef.force_exact = FALSE",
    K_full = "p + sum_f L_f - (F - 1) (p = regressors kept after collinearity; L_f = levels of FE f in the estimation sample); pooled: p including the intercept",
    iid = "sigma^2 = SSR/(N - K_full); vcov = sigma^2 (X~'X~)^-1 with X~ the regressors partialled of the FEs; df_t = N - K_full",
    hetero = "(X~'X~)^-1 [sum_i e_i^2 x~_i x~_i'] (X~'X~)^-1 * N/(N - K_full); df_t = N - K_full",
    cluster = "CR0 * G/(G-1) * (N-1)/(N-K), K = K_full - sum_{f nested in the cluster var} (L_f - 1); if every FE is nested, K = p + 1; df_t = G - 1. G counts every cluster of the estimation sample (with singletons kept, singleton ids count although their scores are zero).",
    cluster_twoway = "(CR0_id + CR0_year - CR0_{id x year}) * Gmin/(Gmin-1) * (N-1)/(N-K), K with FEs nested in ANY cluster variable removed, df_t = Gmin - 1",
    p_value = "2 * pt(-|t|, df_t)",
    r2 = "1 - SSR/TSS, TSS = sum (y - mean(y))^2",
    adj_r2 = "1 - SSR/TSS * (N - 1)/(N - K_full)",
    within_r2 = "1 - SSR/SSR_fe_only, SSR_fe_only = sum of squares of y demeaned by all the FEs (exact projection) in the estimation sample",
    within_adj_r2 = "1 - SSR/SSR_fe_only * (N - nb_fe)/(N - K_full), nb_fe = K_full - p  (fixest r2(type = 'war2'); NOT (N-1)/(N-K_full))",
    rmse = "sqrt(SSR/N)",
    sigma_iid = "sqrt(SSR/(N - K_full))",
    collinearity = "a regressor is dropped when its residual on the FEs and the kept earlier regressors (formula order) has squared norm <= 1e-9 times its own squared norm; lm (dummies first) agrees on which",
    fixest_source = "within_adj_r2 and the nested-K rule were read from fixest's source (R/fitstats.R r2(); R/VCOV.R vcov.fixest nesting block) via the project's code search"
  ),
  how_computed = "For each model: rows with a missing y/regressor/FE/cluster value are dropped; singletons are found by an iterative loop in R (singleton_rounds()) and removed when singletons = 'drop'; the FE dummy matrix model.matrix(~ factor(fe1) + factor(fe2)) is projected out of y and X by qr.resid (exact FWL); b = (X~'X~)^-1 X~'y~; the variances are assembled by hand (fe_ols()). Cross-checks: lm(y ~ factor(fe1) + factor(fe2) + X) coefficients and vcov (iid rescaled from lm's N - rank to N - K_full), sandwich::vcovHC(type = 'HC0') and vcovCL(type = 'HC0', cadjust = FALSE[, multi0 = FALSE]) rescaled by the fixest factors, plm(model = 'within', effect = 'twoways') coefficients and vcovHC(method = 'arellano', type = 'HC0') for id + year models, estimatr::lm_robust(fixed_effects =, se_type = 'HC0'/'CR0') for FE models and se_type = 'stata'/'HC1' for the pooled model. region^year is factor(paste(region, year, sep = '_')). The largest relative differences are stored in each model's crosscheck block (vcov matrices compared on the scale sqrt(V_ii V_jj)).",
  selfcheck_grunfeld = list(
    reference = "grunfeld_fixest.json (fixest 0.12.1): twfe_iid, twfe_hc1, twfe_cluster_firm_default, twfe_cluster_firm_year_default, twfe_fit (within_r2, within_adj_r2, r2, adj_r2, ssr, rmse, nparams), pooled_ols_iid, pooled_ols_hc1, pooled_ols_fit",
    tolerance = REL_TOL_SELFCHECK,
    max_rel_diff = selfcheck_max,
    detail = selfcheck
  ),
  json_digits = "jsonlite::write_json(digits = NA): 15 significant digits"
)

write_json(c(list(meta = meta), out), file.path(golden_dir, "core_r.json"),
           digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null", na = "null")
cat("Wrote", csv_path, "and", file.path(golden_dir, "core_r.json"), "\n")
