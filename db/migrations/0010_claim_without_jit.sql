-- JIT compilation is decided from the plan's estimated cost. With a large backlog the claim's
-- estimate (the walk of the due index, whose LIMIT comes from a parameter) crosses
-- jit_above_cost, and compiling the plan then took about 35 ms of a claim that runs in 0.3 ms:
-- a claim that slows down as the backlog grows. The claim touches a few dozen rows; it never
-- gains from JIT.
ALTER FUNCTION hub_claim_due(text, jsonb) SET jit = off;
