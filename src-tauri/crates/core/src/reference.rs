//! Reference data shipped by default: the department of San Salvador after the 2024 territorial reorganisation
//! (five municipalities, each made of former municipalities that are now its districts).

pub struct Municipality {
    pub name: &'static str,
    pub districts: &'static [&'static str],
}

pub const MUNICIPALITIES: &[Municipality] = &[
    Municipality {
        name: "San Salvador Centro",
        districts: &["Ayutuxtepeque", "Ciudad Delgado", "Cuscatancingo", "Mejicanos", "San Salvador"],
    },
    Municipality { name: "San Salvador Norte", districts: &["Aguilares", "El Paisnal", "Guazapa"] },
    Municipality {
        name: "San Salvador Sur",
        districts: &["Panchimalco", "Rosario de Mora", "San Marcos", "Santiago Texacuangos", "Santo Tomás"],
    },
    Municipality { name: "San Salvador Este", districts: &["Ilopango", "San Martín", "Soyapango", "Tonacatepeque"] },
    Municipality { name: "San Salvador Oeste", districts: &["Apopa", "Nejapa"] },
];

pub fn municipality(name: &str) -> Option<&'static Municipality> {
    let folded = crate::text::fold(name);
    MUNICIPALITIES.iter().find(|m| crate::text::fold(m.name) == folded)
}

/// The canonical spelling of a district of `municipality`, matched without accents or case.
pub fn district(municipality: &Municipality, name: &str) -> Option<&'static str> {
    let folded = crate::text::fold(name);
    municipality.districts.iter().copied().find(|d| crate::text::fold(d) == folded)
}
