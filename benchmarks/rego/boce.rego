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

active if not input.status == "beeindigd"

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

violations contains {"rule": "DO-002"} if {
	active
	has(input, "dienstverlening")
	some s in input.dienstverlening
	not has(s, "omschrijving")
}

# DO-003 vergoeding-onvolledig
amount(v) if has(v, "bedrag")

amount(v) if has(v, "prijzen")

fee_complete if {
	v := input.vergoeding
	amount(v)
	has(v, "berekening")
	has(v.indexering, "methode")
	has(v.indexering, "moment")
}

violations contains {"rule": "DO-003"} if {
	active
	not fee_complete
}

# DO-004 werkproces-zonder-eisen-of-normen
process_complete(p) if {
	has(p, "wettelijke_eisen")
	has(p, "kwaliteitsnormen")
}

violations contains {"rule": "DO-004", "item": -1} if {
	active
	not has(input, "werkprocessen")
}

violations contains {"rule": "DO-004", "item": i} if {
	active
	has(input, "werkprocessen")
	some i, p in input.werkprocessen
	not process_complete(p)
}

# DO-005 leveringsvoorwaarden-ontbreken
violations contains {"rule": "DO-005"} if {
	active
	not has(input, "leveringsvoorwaarden")
}

# DO-007 mandaten-niet-vermeld
violations contains {"rule": "DO-007"} if {
	active
	not has(input, "mandaten")
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
violations contains {"rule": "DA-005"} if {
	active
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
