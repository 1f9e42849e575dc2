//! Reference data: the municipalities of the department of San Salvador and their districts. The programme ships the
//! 2024 territorial reorganisation (five municipalities, each made of former municipalities that are now its
//! districts); a supervisor edits it with `municipality` records (a changed district list, or a new municipality),
//! which travel like any record. Validation always goes through a [`Catalogue`]: the defaults with the records laid
//! over them.

use serde::{Deserialize, Serialize};

use crate::text::fold;

/// The shipped default: (municipality, districts).
pub const DEFAULTS: &[(&str, &[&str])] = &[
    ("San Salvador Centro", &["Ayutuxtepeque", "Ciudad Delgado", "Cuscatancingo", "Mejicanos", "San Salvador"]),
    ("San Salvador Norte", &["Aguilares", "El Paisnal", "Guazapa"]),
    ("San Salvador Sur", &["Panchimalco", "Rosario de Mora", "San Marcos", "Santiago Texacuangos", "Santo Tomás"]),
    ("San Salvador Este", &["Ilopango", "San Martín", "Soyapango", "Tonacatepeque"]),
    ("San Salvador Oeste", &["Apopa", "Nejapa"]),
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    pub name: String,
    pub districts: Vec<String>,
}

impl Municipality {
    /// The canonical spelling of one of its districts, matched without accents or case.
    pub fn district(&self, name: &str) -> Option<&str> {
        let f = fold(name);
        self.districts.iter().map(String::as_str).find(|d| fold(d) == f)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub municipalities: Vec<Municipality>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue {
            municipalities: DEFAULTS
                .iter()
                .map(|(n, ds)| Municipality {
                    name: (*n).to_owned(),
                    districts: ds.iter().map(|d| (*d).to_owned()).collect(),
                })
                .collect(),
        }
    }
}

impl Catalogue {
    /// The defaults with `records` laid over them: a record names a municipality (matched without accents or case)
    /// and replaces its spelling and districts, or adds it.
    pub fn with(records: impl IntoIterator<Item = Municipality>) -> Catalogue {
        let mut c = Catalogue::default();
        for r in records {
            match c.municipalities.iter_mut().find(|m| fold(&m.name) == fold(&r.name)) {
                Some(m) => *m = r,
                None => c.municipalities.push(r),
            }
        }
        c
    }

    /// A municipality, matched without accents or case.
    pub fn municipality(&self, name: &str) -> Option<&Municipality> {
        let f = fold(name);
        self.municipalities.iter().find(|m| fold(&m.name) == f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_replace_or_add() {
        let c = Catalogue::with([
            Municipality { name: "san salvador norte".into(), districts: vec!["Aguilares".into(), "Guazapa".into()] },
            Municipality { name: "La Libertad Este".into(), districts: vec!["Antiguo Cuscatlán".into()] },
        ]);
        assert_eq!(c.municipalities.len(), 6);
        let norte = c.municipality("SAN SALVADOR NORTE").expect("norte");
        assert_eq!(norte.district("el paisnal"), None);
        assert_eq!(norte.district("guazapa"), Some("Guazapa"));
        assert_eq!(
            c.municipality("la libertad este").and_then(|m| m.district("antiguo cuscatlan")),
            Some("Antiguo Cuscatlán")
        );
        assert_eq!(
            Catalogue::default().municipality("San Salvador Este").and_then(|m| m.district("san martin")),
            Some("San Martín")
        );
    }
}
