# The ten core rules of the per-document comparison (benchmarks/run.py, measurement e),
# written in Rego as they are in rules/*.boce. One entry of `violations` per finding.
package boce

import rego.v1

empty(x) if {
	is_string(x)
	trim_space(x) == ""
}

empty(x) if {
	is_array(x)
	count(x) == 0
}

empty(x) if {
	is_object(x)
	count(x) == 0
}

has(obj, key) if {
	obj[key] != null
	not empty(obj[key])
}

# An ended document is judged only while it was in force (until its einddatum).
ended if input.status in {"beeindigd", "ingetrokken"}

ended_before if {
	ended
	not input.einddatum > data.as_of
}

active if not ended_before

# DO-001 werkterrein-ontbreekt
violations contains {"rule": "DO-001"} if {
	active
	not has(input, "werkterrein")
}

# DO-002 dienstverlening-ontbreekt
violations contains {"rule": "DO-002"} if {
	active
	not has(input, "dienstverlening")
}

# DO-003 vergoeding-onvolledig
amount(v) if has(v, "bedrag")

amount(v) if has(v, "prijzen")

# one finding per missing part
violations contains {"rule": "DO-003", "part": "amount"} if {
	active
	not amount(input.vergoeding)
}

violations contains {"rule": "DO-003", "part": "calculation"} if {
	active
	not has(input.vergoeding, "berekening")
}

violations contains {"rule": "DO-003", "part": "method"} if {
	active
	not has(input.vergoeding.indexering, "methode")
}

violations contains {"rule": "DO-003", "part": "moment"} if {
	active
	not has(input.vergoeding.indexering, "moment")
}

# DO-004 werkprocessen-ontbreken
violations contains {"rule": "DO-004"} if {
	active
	not has(input, "werkprocessen")
}

# DO-005 leveringsvoorwaarden-ontbreken
violations contains {"rule": "DO-005"} if {
	active
	not has(input, "leveringsvoorwaarden")
}

# DO-007 mandaten-niet-vermeld
violations contains {"rule": "DO-007"} if {
	active
	not "mandaten" in object.keys(input)
}

# DO-008 verantwoordelijke-ontbreekt
parties_known if {
	has(input, "gastheergemeente")
	has(input, "gastgemeenten")
}

responsible(g) if {
	some v in input.verantwoordelijken
	v.partij == g
	has(v, "naam")
}

violations contains {"rule": "DO-008", "party": ""} if {
	active
	not parties_known
}

violations contains {"rule": "DO-008", "party": g} if {
	active
	parties_known
	some g in array.concat([input.gastheergemeente], input.gastgemeenten)
	not responsible(g)
}

# DA-003 rapportageafspraak-onvolledig
reporting_complete if {
	r := input.rapportage
	has(input, "rapportage")
	has(r, "inhoud")
	has(r, "frequentie")
	has(r, "ontvanger")
}

violations contains {"rule": "DA-003"} if {
	active
	not reporting_complete
}

# DA-005 kpi-ontbreekt
social_affairs if "sociale-zaken" in input.terreinen

social_affairs if {
	has(input, "werkterrein")
	regex.match(`sociale zaken|werk en inkomen|wet werk en bijstand|participatiewet|\bwwb\b`, lower(input.werkterrein))
}

social_affairs if {
	has(input, "titel")
	regex.match(`sociale zaken|werk en inkomen`, lower(input.titel))
}

violations contains {"rule": "DA-005"} if {
	active
	social_affairs
	not has(input, "kpis")
}

# RK-001 kpi-zonder-streefwaarde
kpi_complete(k) if {
	has(k, "streefwaarde")
	has(k, "eenheid")
}

violations contains {"rule": "RK-001", "item": i} if {
	active
	some i, k in input.kpis
	not kpi_complete(k)
}
