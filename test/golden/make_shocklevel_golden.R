# Golden values for the shock-level IV of Borusyak, Hull & Jaravel (2022) (issue 16, 16a part 1):
# the aggregation done by hand with data.table (ssaggregate's transformation: residualise y and x on the
# region controls with the regression weights, then per sector s_n = sum_i e_i w_in (normalised to sum to 1),
# ybar_n = sum_i e_i w_in y~_i / sum_i e_i w_in, xbar_n likewise), then fixest
#   feols(ybar ~ 1 [+ q] | xbar ~ g, weights = ~s_n, vcov = "hetero" or ~ind)
# beside the region-level 2SLS feols(y ~ controls | x ~ z), z = W g. Data: bartik.weight's ADH example
# (rotemberg_adh_*.csv[.gz] in this folder), 1444 czone-periods x 780 industry-period share columns with
# the shocks trade_. The R package ssaggregate (github.com/kylebutts/ssaggregate) aggregates case 2 again
# as an independent check (max abs difference recorded in meta.check_vs_ssaggregate).
#   R_LIBS_USER=/work/rlib Rscript test/golden/make_shocklevel_golden.R   (writes shocklevel_golden.json beside it)
suppressPackageStartupMessages({ library(fixest); library(data.table); library(jsonlite) })
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "test/golden"
master <- as.data.table(read.csv(gzfile(file.path(here, "rotemberg_adh_master.csv.gz"))))
W <- as.matrix(read.csv(gzfile(file.path(here, "rotemberg_adh_shares.csv.gz"))))
global <- as.data.table(read.csv(file.path(here, "rotemberg_adh_global.csv")))
g <- global$trade_
master[, z := drop(W %*% g)]
master[, S := rowSums(W)]
master[, S_t2 := S * t2]
base_controls <- c("reg_midatl", "reg_encen", "reg_wncen", "reg_satl", "reg_escen", "reg_wscen", "reg_mount",
                   "reg_pacif", "l_sh_popedu_c", "l_sh_popfborn", "l_sh_empl_f", "l_sh_routine33",
                   "l_task_outsource", "t2", "l_shind_manuf_cbp")

# ssaggregate's transformation, by hand: residualise, then exposure-weighted sector means.
aggregate_by_hand <- function(d, Wm, controls, weights = NULL) {
  rhs <- if (length(controls)) paste(controls, collapse = " + ") else "1"
  e <- if (is.null(weights)) rep(1, nrow(d)) else d[[weights]]
  yt <- resid(feols(as.formula(paste("d_sh_empl_mfg ~", rhs)), d, weights = e))
  xt <- resid(feols(as.formula(paste("d_tradeusch_pw ~", rhs)), d, weights = e))
  long <- data.table(row = rep(seq_len(nrow(Wm)), ncol(Wm)), sector = rep(seq_len(ncol(Wm)), each = nrow(Wm)), w = as.vector(Wm))
  long <- long[w != 0]
  long[, `:=`(ew = e[row] * w, yt = yt[row], xt = xt[row])]
  agg <- long[, .(s_n = sum(ew), ybar = sum(ew * yt) / sum(ew), xbar = sum(ew * xt) / sum(ew)), by = sector][order(sector)]
  agg[, s_n := s_n / sum(s_n)]
  agg[, `:=`(g = g[sector], ind = global$ind[sector], period2000 = as.numeric(global$year[sector] == 2000))]
  agg
}

shock_fit <- function(agg, rhs, vcov) {
  fit <- feols(as.formula(paste("ybar ~", rhs, "| xbar ~ g")), agg, weights = ~s_n, vcov = vcov)
  ci <- confint(fit, level = 0.95)["fit_xbar", ]
  list(estimate = unname(coef(fit)[["fit_xbar"]]), se = unname(se(fit)[["fit_xbar"]]),
       ci = unname(c(ci[[1]], ci[[2]])), p = unname(pvalue(fit)[["fit_xbar"]]), t = unname(tstat(fit)[["fit_xbar"]]),
       first_stage_F = unname(fitstat(fit, "ivwald1")[[1]]$stat), nobs = nobs(fit))
}

region_fit <- function(d, controls, weights = NULL) {
  rhs <- if (length(controls)) paste(controls, collapse = " + ") else "1"
  e <- if (is.null(weights)) rep(1, nrow(d)) else d[[weights]]
  fit <- feols(as.formula(paste("d_sh_empl_mfg ~", rhs, "| d_tradeusch_pw ~ z")), d, weights = e)
  unname(coef(fit)[["fit_d_tradeusch_pw"]])
}

cases <- list()
# 1. incomplete shares, the sum of shares (by period) controlled for: shock level with a constant and a period dummy.
c1 <- c("t2", "S", "S_t2")
a1 <- aggregate_by_hand(master, W, c1)
cases$sum_control <- list(controls = c1, weights = NULL, shock_rhs = "1 + period2000", vcov = "hetero",
  shock = shock_fit(a1, "1 + period2000", "hetero"), region = region_fit(master, c1), n_shocks = nrow(a1))
# 2. ADH's 15 controls plus the sum of shares by period, weighted, clustered by industry across periods.
c2 <- c(base_controls, "S", "S_t2")
a2 <- aggregate_by_hand(master, W, c2, "timepwt48")
cases$weighted_cluster <- list(controls = c2, weights = "timepwt48", shock_rhs = "1 + period2000", vcov = "cluster_ind",
  shock = shock_fit(a2, "1 + period2000", ~ind), shock_hetero = shock_fit(a2, "1 + period2000", "hetero"),
  region = region_fit(master, c2, "timepwt48"), n_shocks = nrow(a2), n_clusters = length(unique(a2$ind)),
  table = list(sector = a2$sector, s_n = a2$s_n, ybar = a2$ybar, xbar = a2$xbar))
# 3. shares rescaled to sum to one (the two rows without shares dropped): the intercept alone suffices.
keep <- master$S > 0
m3 <- master[keep]
W3 <- W[keep, ] / master$S[keep]
m3[, z := drop(W3 %*% g)]
a3 <- aggregate_by_hand(m3, W3, character(0))
cases$complete_shares <- list(controls = character(0), weights = NULL, rows_dropped = which(!keep) - 1, shock_rhs = "1", vcov = "hetero",
  shock = shock_fit(a3, "1", "hetero"), region = region_fit(m3, character(0)), n_shocks = nrow(a3))
# 4. incomplete shares without the sum-of-shares control: with a constant the shock-level IV differs; without, it equals the region 2SLS.
c4 <- c("t2")
a4 <- aggregate_by_hand(master, W, c4)
cases$incomplete <- list(controls = c4, weights = NULL, shock_rhs = "1", vcov = "hetero",
  shock = shock_fit(a4, "1", "hetero"), shock_no_constant = shock_fit(a4, "0", "hetero"),
  region = region_fit(master, c4), n_shocks = nrow(a4))

# Independent check of the aggregation of case 2 by the ssaggregate R package.
check <- "ssaggregate not installed"
if (requireNamespace("ssaggregate", quietly = TRUE)) check <- tryCatch({
  wide <- cbind(master[, c("czone", "year", "d_sh_empl_mfg", "d_tradeusch_pw", "timepwt48", c2), with = FALSE], as.data.table(W))
  setnames(wide, colnames(W), paste0("sh_", seq_len(ncol(W))))
  ss <- ssaggregate::ssaggregate(copy(wide), vars = ~ d_sh_empl_mfg + d_tradeusch_pw, weights = "timepwt48",
                                 n = "sector", s = "sh_", controls = as.formula(paste("~", paste(c2, collapse = " + "))))
  ss[, sector := as.integer(sector)]
  setorder(ss, sector)
  ss <- ss[s_n > 0]
  max(abs(c(ss$s_n - a2$s_n, ss$d_sh_empl_mfg - a2$ybar, ss$d_tradeusch_pw - a2$xbar)))
}, error = function(e) paste("ssaggregate failed:", conditionMessage(e)))

res <- list(
  meta = list(R = R.version.string, fixest = as.character(packageVersion("fixest")),
              data.table = as.character(packageVersion("data.table")),
              data = c("rotemberg_adh_master.csv.gz", "rotemberg_adh_shares.csv.gz", "rotemberg_adh_global.csv"),
              outcome = "d_sh_empl_mfg", endogenous = "d_tradeusch_pw", nobs = nrow(master), n_sectors = ncol(W),
              check_vs_ssaggregate = check),
  cases = cases)
write_json(res, file.path(here, "shocklevel_golden.json"), digits = NA, auto_unbox = TRUE, pretty = FALSE, null = "null")
for (k in names(cases)) cat(k, ": shock", cases[[k]]$shock$estimate, " region", cases[[k]]$region, "\n")
cat("ssaggregate check:", check, "\n")
