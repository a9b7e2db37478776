# Golden values for shift-share inference on a PANEL with fixed effects (issue 16, 16a part 2): R ShiftShareSE
# (github.com/kolesarm/ShiftShareSE) `ivreg_ss` / `reg_ss` on the kit's simulated study panel, with the city
# and year fixed effects entered as DUMMY controls (factor(code) + factor(year)); the kit partials them out by
# weighted demeaning instead (FWL) and must give the same numbers.
#
# Sectors are industry x year pairs: row (city i, year t) has the city's 2006 share s_ij in column (j, t), zero
# elsewhere; the shock of column (j, t) is US_jt / USEmp_j,2006 * 1e4 (IFR US robot stock per 10,000 US workers
# of the industry in 2006). The LINEAR shift-share ss_it = sum_j s_ij * US_jt / USEmp_j * 1e4 is what AKM's
# theory is about (the panel's ai_iv = ln(1 + ss) is checked against it here). Shares from the raw file
# industry_employment_2006.csv: s_ij = Emp_ij / Emp_i,ALL (12 IFR industries; they do not sum to one).
#   R_LIBS_USER=/work/rlib Rscript test/golden/make_sspanel_golden.R   (run from the repository root;
#   writes test/golden/sspanel_golden.json and the design it used, test/golden/sspanel_design.csv.gz)
suppressPackageStartupMessages({ library(ShiftShareSE); library(data.table); library(jsonlite) })
root <- "."
panel <- fread(file.path(root, "data/panel.csv"), colClasses = list(character = "code"))
emp <- fread(file.path(root, "data/raw/industry_employment_2006.csv"), colClasses = list(character = "code"))
ifr <- fread(file.path(root, "data/raw/robots_ifr.csv"))
usemp <- fread(file.path(root, "data/raw/us_employment_2006.csv"))
inds <- usemp$industry_code                                   # the 12 IFR industries, in the file's order
total <- emp[industry_code == "ALL", .(code, total = employment)]
sh <- merge(emp[industry_code %in% inds], total, by = "code")[, share := employment / total]
S <- dcast(sh, code ~ factor(industry_code, levels = inds), value.var = "share")
years <- sort(unique(panel$year))
us <- ifr[country == "US" & year %in% years]
us <- merge(us, usemp[, .(industry_code, us_emp = employment)], by = "industry_code")[, g := operational_stock / us_emp * 1e4]
G <- as.matrix(dcast(us, year ~ factor(industry_code, levels = inds), value.var = "g")[, -1])   # years x industries

d <- merge(panel[, .(code, year, shrink, ai, ai_iv, lnpgdp, gov, share_sum)], S, by = "code")
setorder(d, code, year)
d <- d[complete.cases(d[, .(shrink, ai, lnpgdp, gov)])]
Sm <- as.matrix(d[, inds, with = FALSE])
tt <- match(d$year, years)
d[, ss := rowSums(Sm * G[tt, ])]
check_ai_iv <- max(abs(log(1 + d$ss) - d$ai_iv))
check_share_sum <- max(abs(rowSums(Sm) - d$share_sum))
# The stacked share matrix: column (j, t) = (t - 1) * J + j.
J <- length(inds); Tn <- length(years)
W <- matrix(0, nrow(d), J * Tn)
for (k in seq_len(J)) W[cbind(seq_len(nrow(d)), (tt - 1) * J + k)] <- Sm[, k]
sector_industry <- rep(inds, Tn)

run <- function(fun, formula, cluster) {
  fit <- fun(formula, X = ss, data = d, W = W, method = c("akm", "akm0"),
             sector_cvar = if (cluster) sector_industry else NULL)
  est <- unname(fit$beta)
  out <- list(estimate = est)
  for (m in c("AKM", "AKM0")) {
    se <- unname(fit$se[[m]]); p <- unname(fit$p[[m]])
    ci <- unname(c(fit$ci.l[[m]], fit$ci.r[[m]]))
    out[[tolower(m)]] <- list(se = se, ci = as.list(ci), p = p)
    # the package's p is 2 * (1 - pnorm(|t|)), which loses relative precision for tiny p; AKM's exact 2 * pnorm(-|t|):
    if (m == "AKM") out$akm$p_exact <- 2 * pnorm(-abs(est) / se)
  }
  out
}
dummies <- "factor(code) + factor(year)"
cases <- list(
  iv_fe_cluster = list(kit_formula = "shrink ~ lnpgdp + gov + i(year, share_sum) | code + year | ai ~ ss", cluster = TRUE,
    r = run(ivreg_ss, as.formula(paste("shrink ~ lnpgdp + gov + share_sum:factor(year) +", dummies, "| ai")), TRUE)),
  iv_fe = list(kit_formula = "shrink ~ lnpgdp + gov | code + year | ai ~ ss", cluster = FALSE,
    r = run(ivreg_ss, as.formula(paste("shrink ~ lnpgdp + gov +", dummies, "| ai")), FALSE)),
  ols_fe_cluster = list(kit_formula = "shrink ~ ss + lnpgdp + gov | code + year", cluster = TRUE,
    r = run(reg_ss, as.formula(paste("shrink ~ lnpgdp + gov +", dummies)), TRUE)))

design <- d[, c("code", "year", "shrink", "ai", "lnpgdp", "gov", "share_sum", "ss", inds), with = FALSE]
setnames(design, inds, paste0("s_", seq_len(J)))
gz <- gzfile(file.path(root, "test/golden/sspanel_design.csv.gz"), "w")
write.csv(design, gz, row.names = FALSE); close(gz)
res <- list(
  meta = list(R = R.version.string, ShiftShareSE = as.character(packageVersion("ShiftShareSE")),
              data = c("data/panel.csv", "data/raw/industry_employment_2006.csv", "data/raw/robots_ifr.csv", "data/raw/us_employment_2006.csv"),
              nobs = nrow(d), cities = length(unique(d$code)), years = years, industries = inds,
              n_sectors = ncol(W), check_ai_iv_max_abs = check_ai_iv, check_share_sum_max_abs = check_share_sum),
  shocks = lapply(seq_len(Tn), function(t) unname(G[t, ])),
  cases = cases)
names(res$shocks) <- years
# Infinite ends and standard errors (unbounded AKM0 sets) are written as the strings "Inf" / "-Inf".
write_json(res, file.path(root, "test/golden/sspanel_golden.json"), digits = NA, auto_unbox = TRUE, pretty = FALSE)
for (k in names(cases)) cat(k, cases[[k]]$r$estimate, cases[[k]]$r$akm$se, cases[[k]]$r$akm0$se, "\n")
cat("ai_iv check", check_ai_iv, " share_sum check", check_share_sum, "\n")
