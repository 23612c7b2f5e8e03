-- Stageplay's DuckDB anchor: the core aggregates of `learn` + `reconcile`, in plain SQL, read straight from a
-- Data Export folder (CSV parsing included in the time). It is the floor `npm run bench:scale` measures
-- Stageplay against, not a replacement: it computes
--   (a) stage win rates and won deals' days in stage (entered-stage cohorts of closed deals),
--   (b) per-parameter won/lost counts per answer bucket, each answer as it stood halfway through the deal's
--       last stay in the stage,
--   (c) the current forecast rollup by close quarter x forecast category x owner, and booked per quarter,
--   (d) a backtest: every deal's state at each as-of date, pipeline by stage, stated / commit vs booked;
-- and does less than Stageplay: no shrinkage toward nominal probabilities, no damping fit, no
-- history-adjusted scores or period forecast with ranges, no calibration, no flags (padded, slipped, stale),
-- no data-quality ledger, no report.
--
-- bench/anchor/runAnchor.ts replaces ${DIR} with the folder and creates two tables before this runs:
--   params(param, field, pstage, mode, kind, op, num_value, bool_value, text_value, low, high, items, negate)
--     one row per Play_Parameter__mdt of the process metadata (force-app/main/default/customMetadata), its
--     rule parsed by Stageplay's own parser; mode = 'numeric' (Number/Currency/Percent field: quantile bins),
--     'picklist' (one bucket per value) or 'rule' (the rule's pass / fail / blank);
--   asof_dates(as_of, period_start, period_end, weeks_out): 6 past quarters x 2/4/8 weeks before their end.
-- Statements are separated by a semicolon at the end of a line.
SET TimeZone = 'UTC';

-- ---------------------------------------------------------------------------------------------------------
-- 0. Parse every CSV once (the six files Stageplay reads). Custom fields stay text: how a value is read is
--    the parameter's business (numeric, picklist or rule), as in Stageplay.
-- ---------------------------------------------------------------------------------------------------------
CREATE TEMP TABLE opp AS
SELECT * REPLACE (
    Amount::DOUBLE AS Amount, Probability::DOUBLE AS Probability, CloseDate::DATE AS CloseDate,
    IsClosed::BOOLEAN AS IsClosed, IsWon::BOOLEAN AS IsWon,
    CreatedDate::TIMESTAMPTZ AS CreatedDate, LastModifiedDate::TIMESTAMPTZ AS LastModifiedDate)
FROM read_csv('${DIR}/Opportunity.csv', header = true, all_varchar = true);

CREATE TEMP TABLE hist AS
SELECT * FROM read_csv('${DIR}/OpportunityHistory.csv', header = true,
    types = {'Id': 'VARCHAR', 'OpportunityId': 'VARCHAR', 'StageName': 'VARCHAR', 'Amount': 'DOUBLE',
             'CloseDate': 'DATE', 'Probability': 'DOUBLE', 'ForecastCategory': 'VARCHAR',
             'CreatedDate': 'TIMESTAMPTZ'});

CREATE TEMP TABLE fhist AS
SELECT * FROM read_csv('${DIR}/OpportunityFieldHistory.csv', header = true,
    types = {'Id': 'VARCHAR', 'OpportunityId': 'VARCHAR', 'Field': 'VARCHAR', 'OldValue': 'VARCHAR',
             'NewValue': 'VARCHAR', 'CreatedDate': 'TIMESTAMPTZ'});

CREATE TEMP TABLE stage AS
SELECT ApiName, DefaultProbability::DOUBLE AS DefaultProbability, ForecastCategoryName,
       IsClosed::BOOLEAN AS IsClosed, IsWon::BOOLEAN AS IsWon, SortOrder::INTEGER AS SortOrder
FROM read_csv('${DIR}/OpportunityStage.csv', header = true, all_varchar = true);

CREATE TEMP TABLE usr AS SELECT * FROM read_csv('${DIR}/User.csv', header = true, all_varchar = true);

CREATE TEMP TABLE acct AS SELECT * FROM read_csv('${DIR}/Account.csv', header = true, all_varchar = true);

-- ---------------------------------------------------------------------------------------------------------
-- 1. Stage visits from OpportunityHistory: a visit starts whenever the stage differs from the previous row's
--    (time order); it ends when the next visit starts. A deal without history rows: one visit, from creation.
-- ---------------------------------------------------------------------------------------------------------
CREATE TEMP TABLE visits AS
WITH ordered AS (
    SELECT OpportunityId AS opp_id, StageName AS stage, CreatedDate AS ts,
           lag(StageName) OVER (PARTITION BY OpportunityId ORDER BY CreatedDate, Id) AS prev
    FROM hist
), starts AS (
    SELECT opp_id, stage, ts FROM ordered WHERE prev IS NULL OR prev <> stage
    UNION ALL
    SELECT o.Id, o.StageName, o.CreatedDate FROM opp o ANTI JOIN hist h ON h.OpportunityId = o.Id
)
SELECT opp_id, stage, ts AS entered_at, lead(ts) OVER (PARTITION BY opp_id ORDER BY ts) AS exited_at
FROM starts;

CREATE TEMP TABLE closed AS
SELECT o.Id AS opp_id, o.IsWon AS won, max(v.entered_at) AS closed_at
FROM opp o JOIN visits v ON v.opp_id = o.Id
WHERE o.IsClosed
GROUP BY ALL;

-- ---------------------------------------------------------------------------------------------------------
-- (a) Stage win rates: closed deals that entered each open stage, how many were won, and won deals' median
--     and 90th percentile days in the stage (all visits of a deal summed).
-- ---------------------------------------------------------------------------------------------------------
CREATE TEMP TABLE a_stage_win AS
WITH reached AS (
    SELECT v.opp_id, v.stage, c.won, sum(epoch(v.exited_at - v.entered_at) / 86400.0) AS days
    FROM visits v JOIN closed c USING (opp_id)
    JOIN stage s ON s.ApiName = v.stage AND NOT s.IsClosed
    GROUP BY ALL
)
SELECT stage, count(*) AS reached, count(*) FILTER (WHERE won) AS won, count(*) FILTER (WHERE NOT won) AS lost,
       (count(*) FILTER (WHERE won))::DOUBLE / count(*) AS observed_win_rate,
       quantile_cont(days, 0.5) FILTER (WHERE won) AS median_days_won,
       quantile_cont(days, 0.9) FILTER (WHERE won) AS p90_days_won
FROM reached GROUP BY stage ORDER BY stage;

-- ---------------------------------------------------------------------------------------------------------
-- (b) Parameter evidence: for each open stage S and each parameter of S or an earlier stage, the answer as it
--     stood halfway through each closed deal's last stay in S, the midpoint in whole milliseconds as
--     Stageplay's midVisitValues takes it (OpportunityFieldHistory: the new value of the last change at or
--     before that instant; before the first change, that change's old value; never changed: the current
--     value), bucketed, won / lost per bucket, and the Laplace-smoothed likelihood ratio.
-- ---------------------------------------------------------------------------------------------------------
CREATE TEMP TABLE exits AS
SELECT opp_id, stage, won, exit_at,
       make_timestamp(((epoch_ms(entered_at) + epoch_ms(exit_at)) // 2) * 1000) AS seen_at
FROM (
    SELECT v.opp_id, v.stage, c.won, arg_max(v.exited_at, v.entered_at) AS exit_at, max(v.entered_at) AS entered_at
    FROM visits v JOIN closed c USING (opp_id)
    JOIN stage s ON s.ApiName = v.stage AND NOT s.IsClosed
    GROUP BY ALL
);

CREATE TEMP TABLE fh AS
SELECT OpportunityId AS opp_id, Field AS field, CreatedDate AS ts, OldValue, NewValue
FROM fhist WHERE Field IN (SELECT field FROM params);

CREATE TEMP TABLE fh_first AS
-- list(... ORDER BY) keeps a NULL old value (a field blank before its first change); arg_min would skip it.
SELECT opp_id, field, list(OldValue ORDER BY ts)[1] AS first_old FROM fh GROUP BY ALL;

CREATE TEMP TABLE current_values AS
UNPIVOT (SELECT Id AS opp_id, COLUMNS('__c$') FROM opp) ON COLUMNS('__c$') INTO NAME field VALUE value;

CREATE TEMP TABLE obs AS
SELECT e.opp_id, e.stage, p.param, e.won,
       CASE WHEN e.exit_at IS NULL THEN cur.value
            WHEN f.opp_id IS NOT NULL THEN f.NewValue
            WHEN ff.opp_id IS NOT NULL THEN ff.first_old
            ELSE cur.value END AS value
FROM exits e
JOIN stage se ON se.ApiName = e.stage
JOIN (SELECT p.*, s.SortOrder AS psort FROM params p JOIN stage s ON s.ApiName = p.pstage) p
  ON p.psort <= se.SortOrder
LEFT JOIN current_values cur ON cur.opp_id = e.opp_id AND cur.field = p.field
ASOF LEFT JOIN fh f ON f.opp_id = e.opp_id AND f.field = p.field AND f.ts <= e.seen_at
LEFT JOIN fh_first ff ON ff.opp_id = e.opp_id AND ff.field = p.field;

-- Quantile bin edges per (stage, numeric parameter) as Stageplay's stats.quantiles (4 bins): the values at
-- ranks ceil(i * n / 4), kept when below the maximum and above the previous edge.
CREATE TEMP TABLE edges AS
WITH nums AS (
    SELECT o.stage, o.param, list_sort(list(TRY_CAST(o.value AS DOUBLE))
                                       FILTER (WHERE TRY_CAST(o.value AS DOUBLE) IS NOT NULL)) AS xs
    FROM obs o JOIN params p USING (param) WHERE p.mode = 'numeric' GROUP BY ALL
), cuts AS (
    SELECT stage, param, xs[len(xs)] AS mx,
           [xs[greatest(1, least(len(xs), ceil(i * len(xs) / 4)::INT))] FOR i IN [1, 2, 3]] AS c
    FROM nums WHERE len(xs) > 0
)
SELECT stage, param, list_sort(list_distinct(list_filter(c, x -> x < mx))) AS edges FROM cuts;

CREATE TEMP TABLE b_param_evidence AS
WITH judged AS (
    SELECT o.stage, o.param, o.won, p.mode, p.kind, p.op, p.num_value, p.bool_value, p.text_value, p.low,
           p.high, p.items, p.negate, e.edges,
           o.value IS NULL OR trim(o.value) = '' AS blank,
           lower(trim(o.value)) AS text,
           TRY_CAST(trim(o.value) AS DOUBLE) AS num,
           list_filter(list_transform(string_split(lower(o.value), ';'), x -> trim(x)), x -> x <> '') AS selections
    FROM obs o JOIN params p USING (param)
    LEFT JOIN edges e ON e.stage = o.stage AND e.param = o.param
), bucketed AS (
    SELECT stage, param, won,
           CASE
             WHEN mode = 'numeric' THEN
                 CASE WHEN num IS NULL THEN 'blank'
                      ELSE 'bin:' || len(list_filter(coalesce(edges, []), x -> x < num)) END
             WHEN mode = 'picklist' THEN CASE WHEN blank THEN 'blank' ELSE 'value:' || text END
             WHEN kind = 'blank' THEN CASE WHEN blank THEN 'pass' ELSE 'fail' END
             WHEN blank THEN 'blank'
             WHEN kind = 'notBlank' THEN 'pass'
             WHEN kind = 'between' THEN CASE WHEN num BETWEEN low AND high THEN 'pass' ELSE 'fail' END
             WHEN kind = 'in' THEN CASE WHEN list_has_any(selections, items) <> negate THEN 'pass' ELSE 'fail' END
             WHEN num_value IS NOT NULL THEN
                 CASE WHEN num IS NOT NULL AND CASE op WHEN '>=' THEN num >= num_value WHEN '>' THEN num > num_value
                                                       WHEN '<=' THEN num <= num_value WHEN '<' THEN num < num_value
                                                       WHEN '=' THEN num = num_value ELSE num <> num_value END
                      THEN 'pass' ELSE 'fail' END
             WHEN bool_value IS NOT NULL THEN
                 CASE WHEN text IN ('true', 'false')
                           AND ((text = 'true') = bool_value) = (op = '=') THEN 'pass' ELSE 'fail' END
             ELSE CASE WHEN list_contains(selections, text_value) = (op = '=') THEN 'pass' ELSE 'fail' END
           END AS bucket
    FROM judged
), counts AS (
    SELECT stage, param, bucket, count(*) FILTER (WHERE won) AS won, count(*) FILTER (WHERE NOT won) AS lost
    FROM bucketed GROUP BY ALL
)
SELECT c.*, sum(won) OVER w AS won_total, sum(lost) OVER w AS lost_total, count(*) OVER w AS buckets,
       ((won + 1) / (sum(won) OVER w + count(*) OVER w)) / ((lost + 1) / (sum(lost) OVER w + count(*) OVER w))
           AS likelihood_ratio
FROM counts c
WINDOW w AS (PARTITION BY stage, param)
ORDER BY stage, param, bucket;

-- ---------------------------------------------------------------------------------------------------------
-- (c) The current forecast: open amount and amount x probability by close quarter x forecast category x owner,
--     with the per-quarter, per-category and per-owner subtotals; booked (closed won) per quarter.
-- ---------------------------------------------------------------------------------------------------------
CREATE TEMP TABLE c_forecast AS
SELECT year(o.CloseDate) || '-Q' || quarter(o.CloseDate) AS period, o.ForecastCategoryName AS category,
       coalesce(u.Name, o.OwnerId) AS owner, count(*) AS deals, sum(o.Amount) AS open_amount,
       sum(o.Amount * coalesce(o.Probability, s.DefaultProbability) / 100.0) AS stated_expected
FROM opp o JOIN stage s ON s.ApiName = o.StageName
LEFT JOIN usr u ON u.Id = o.OwnerId
WHERE NOT o.IsClosed
GROUP BY GROUPING SETS ((period), (period, category), (period, owner), (period, category, owner))
ORDER BY ALL;

CREATE TEMP TABLE c_booked AS
SELECT year(CloseDate) || '-Q' || quarter(CloseDate) AS period, sum(Amount) AS booked, count(*) AS won_deals
FROM opp WHERE IsWon GROUP BY ALL ORDER BY ALL;

-- ---------------------------------------------------------------------------------------------------------
-- (d) Backtest: at each as-of date, every deal created by then, in the state of its last OpportunityHistory row
--     before the end of that day, closed only once its closing stage change had happened; pipeline by stage,
--     and the forecast then for the quarter (stated = won by then + open amount x probability; commit) vs
--     what was booked in the end.
-- ---------------------------------------------------------------------------------------------------------
CREATE TEMP TABLE pipeline_then AS
WITH cand AS (
    SELECT a.as_of, a.period_start, a.period_end, a.weeks_out, o.Id AS opp_id, o.IsWon,
           (a.as_of + INTERVAL 1 DAY)::TIMESTAMPTZ AS cutoff
    FROM asof_dates a JOIN opp o ON o.CreatedDate < (a.as_of + INTERVAL 1 DAY)::TIMESTAMPTZ
), h_at AS (
    SELECT OpportunityId AS opp_id, CreatedDate AS ts, StageName, Amount, CloseDate, Probability,
           ForecastCategory
    FROM hist
)
SELECT c.as_of, c.period_start, c.period_end, c.weeks_out, c.opp_id,
       h.StageName AS stage, h.Amount AS amount, h.CloseDate AS close_date,
       coalesce(h.Probability, s.DefaultProbability) / 100.0 AS probability,
       -- OpportunityHistory carries the API values of ForecastCategory (Forecast = Commit, BestCase = Best Case)
       CASE h.ForecastCategory WHEN 'Forecast' THEN 'Commit' WHEN 'BestCase' THEN 'Best Case'
            ELSE coalesce(h.ForecastCategory, s.ForecastCategoryName) END AS category,
       (cl.closed_at IS NOT NULL AND cl.closed_at < c.cutoff) AS is_closed,
       (cl.closed_at IS NOT NULL AND cl.closed_at < c.cutoff AND c.IsWon) AS is_won
FROM cand c
ASOF LEFT JOIN h_at h ON h.opp_id = c.opp_id AND h.ts < c.cutoff
LEFT JOIN closed cl ON cl.opp_id = c.opp_id
LEFT JOIN stage s ON s.ApiName = h.StageName;

CREATE TEMP TABLE d_pipeline_by_stage AS
SELECT as_of, stage, count(*) AS deals, sum(amount) AS amount
FROM pipeline_then GROUP BY ALL ORDER BY ALL;

CREATE TEMP TABLE d_backtest AS
WITH booked AS (
    SELECT a.as_of, sum(o.Amount) AS booked
    FROM asof_dates a JOIN opp o ON o.IsWon AND o.CloseDate BETWEEN a.period_start AND a.period_end
    GROUP BY ALL
)
SELECT p.as_of, p.period_start, p.weeks_out,
       sum(CASE WHEN p.is_won THEN p.amount WHEN NOT p.is_closed THEN p.amount * p.probability ELSE 0 END)
           AS stated,
       sum(CASE WHEN p.is_won THEN p.amount WHEN NOT p.is_closed AND p.category = 'Commit' THEN p.amount ELSE 0 END)
           AS commit,
       count(*) FILTER (WHERE NOT p.is_closed) AS open_deals,
       any_value(b.booked) AS booked
FROM pipeline_then p LEFT JOIN booked b USING (as_of)
WHERE p.close_date BETWEEN p.period_start AND p.period_end
GROUP BY ALL ORDER BY ALL;
