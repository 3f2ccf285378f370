-- wrk script for the bare Pistache handler: the same POST shape and size as a submission, so both runs
-- pay the same parsing and transfer costs.
local threads = {}
function setup(thread) table.insert(threads, thread) end
-- `-- close` after the URL: every request asks for "Connection: close" (a TCP connection per request).
function init(args) created, failed = 0, 0; close = args[1] == "close" end
local body = '{"answers":{"profil":"opsn","frequence":"chaque_mois","satisfaction_generale":4,"utilite":5,' ..
  '"facilite":3,"exhaustivite":2,"recommandation":9,"rubriques_utilisees":["echeances"],"suggestion":"RAS"}}'
function request()
  local headers = {["Content-Type"] = "application/json"}
  if close then headers["Connection"] = "close" end
  return wrk.format("POST", "/api/v1/forms/satisfaction-agenda/responses", headers, body)
end
function response(status) if status == 201 then created = created + 1 else failed = failed + 1 end end
function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); f = f + t:get("failed") end
  io.write(string.format('RESULT {"requests":%d,"created":%d,"refused":0,"failed":%d,"socket_errors":%d,' ..
    '"p50_ms":%.3f,"p99_ms":%.3f,"seconds":%.3f}\n', summary.requests, c, f,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
