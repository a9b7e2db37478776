# Golden values for Rotemberg weights WITH ABSORBED FIXED EFFECTS (issue 16c): the kit's rotembergWeights with
# `fixedEffects: ["code", "year"]` partials the city and year effects out by demeaning and must give
#   - alpha_k, beta_k as R bartik.weight 0.1.0 bw() with the effects entered as DUMMY controls, and
#   - each sector's first-stage F as R fixest 0.12.1 with the effects ABSORBED (`| code + year`), whose
#     parameter count is K = p + sum L_f - (F - 1), the effects nested in the cluster not counted (fixef.K = "nested").
# Design: the study panel as make_sspanel_golden.R wrote it (sspanel_design.csv.gz: 4879 city-years, the 12 IFR
# industries' 2006 shares s_1..s_12) and its shocks (sspanel_golden.json), stacked into 204 industry x year sectors
# (row (i, t) holds s_ij in column (j, t) = (t - 1) * 12 + j); outcome shrink, endogenous ai, controls lnpgdp, gov and
# share_sum x year (the first year's slope is collinear with the city effects; fixest drops one, bw() gets 16).
#   R_LIBS_USER=/work/rlib Rscript test/golden/make_rotemberg_fe_golden.R   (run from the repository root;
#   writes test/golden/rotemberg_fe_golden.json)
suppressPackageStartupMessages({ library(fixest); library(bartik.weight); library(jsonlite) })
root <- "."
d <- read.csv(gzfile(file.path(root, "test/golden/sspanel_design.csv.gz")), colClasses = c(code = "character"))
meta <- fromJSON(file.path(root, "test/golden/sspanel_golden.json"))$meta
shocks <- fromJSON(file.path(root, "test/golden/sspanel_golden.json"))$shocks
years <- meta$years; J <- length(meta$industries); Tn <- length(years)
tt <- match(d$year, years)
Sm <- as.matrix(d[, paste0("s_", seq_len(J))])
W <- matrix(0, nrow(d), J * Tn)
for (k in seq_len(J)) W[cbind(seq_len(nrow(d)), (tt - 1) * J + k)] <- Sm[, k]
g <- unlist(lapply(as.character(years), function(y) shocks[[y]]))
K <- ncol(W)
colnames(W) <- paste0("z", seq_len(K))

# Per-sector first stage with the effects absorbed: F_k = t^2 of Z_k under iid, hetero and clustered by city.
out <- list(iid = rep(NA_real_, K), hetero = rep(NA_real_, K), cluster_code = rep(NA_real_, K), pi = rep(NA_real_, K))
fml <- ai ~ zk + lnpgdp + gov + i(year, share_sum) | code + year
for (k in seq_len(K)) {
  fit <- feols(fml, cbind(d, zk = W[, k]), vcov = "iid", notes = FALSE, warn = FALSE)
  if (!"zk" %in% names(coef(fit))) next
  out$pi[k] <- coef(fit)[["zk"]]
  out$iid[k] <- tstat(fit)[["zk"]]^2
  out$hetero[k] <- tstat(summary(fit, vcov = "hetero"))[["zk"]]^2
  out$cluster_code[k] <- tstat(summary(fit, vcov = ~code))[["zk"]]^2
}
kcheck <- feols(fml, cbind(d, zk = W[, 1]), vcov = ~code, notes = FALSE, warn = FALSE)
K_cluster <- attr(kcheck$cov.scaled, "dof.K")
K_iid <- attr(summary(kcheck, vcov = "iid")$cov.scaled, "dof.K")

# alpha, beta by bw() with the effects as dummies (bw() appends the intercept).
dummies <- model.matrix(~ factor(code) + factor(year), d)[, -1]
colnames(dummies) <- paste0("fe", seq_len(ncol(dummies)))
slopes <- sapply(years[-1], function(y) d$share_sum * (d$year == y))
colnames(slopes) <- paste0("ss_", years[-1])
master <- cbind(d[, c("shrink", "ai", "lnpgdp", "gov")], slopes, dummies)
controls <- c("lnpgdp", "gov", colnames(slopes), colnames(dummies))
local <- as.data.frame(W)
global <- data.frame(sector = colnames(W), g = g)
t0 <- proc.time()[["elapsed"]]
ab <- bw(master, "shrink", "ai", controls, NULL, local, colnames(W), global, "g")
bw_seconds <- proc.time()[["elapsed"]] - t0

B <- drop(W %*% g)
iv <- feols(shrink ~ lnpgdp + gov + i(year, share_sum) | code + year | ai ~ B, cbind(d, B = B), notes = FALSE)
res <- list(
  meta = list(R = R.version.string, fixest = as.character(packageVersion("fixest")),
              bartik.weight = as.character(packageVersion("bartik.weight")),
              data = c("test/golden/sspanel_design.csv.gz", "test/golden/sspanel_golden.json (shocks)"),
              nobs = nrow(d), n_sectors = K, first_stage = deparse1(fml),
              K_fixest_iid = K_iid, K_fixest_cluster_code = K_cluster,
              bw_controls = paste(length(controls), "columns: lnpgdp, gov, share_sum x year 2008-2023, factor(code) + factor(year) dummies")),
  alpha = ab$alpha, beta = ab$beta,
  first_stage_F = out,
  bartik_2sls_fixest = unname(coef(iv)[["fit_ai"]]))
write_json(res, file.path(root, "test/golden/rotemberg_fe_golden.json"), digits = NA, auto_unbox = TRUE, pretty = FALSE)
cat("bw() seconds", bw_seconds, " K iid", K_iid, " K cluster", K_cluster, " sum alpha", sum(ab$alpha), " sum alpha beta", sum(ab$alpha * ab$beta, na.rm = TRUE), " 2SLS", res$bartik_2sls_fixest, "\n")
