//! Synthetic programme data: Spanish names with two surnames, valid DUIs, the five municipalities and their
//! districts, families of one to four relatives. Everything is drawn from one seeded generator, ids included, so a
//! seed always gives the same data set (and the same digest). Records are written through the store's own use
//! cases, in one transaction.

use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reintegra_core::dui;
use reintegra_core::person::{PersonFields, PersonRole, Sex};
use reintegra_core::reference::MUNICIPALITIES;
use reintegra_store::{Result, Store, persons};
use uuid::Uuid;

const FEMALE: &[&str] = &[
    "María",
    "Ana",
    "Rosa",
    "Carmen",
    "Marta",
    "Gloria",
    "Sandra",
    "Karla",
    "Yesenia",
    "Wendy",
    "Fátima",
    "Jennifer",
    "Claudia",
    "Reina",
    "Blanca",
    "Sofía",
    "Daniela",
    "Gabriela",
    "Lucía",
    "Ester",
    "Dolores",
    "Noemí",
    "Iris",
    "Xiomara",
    "Roxana",
    "Patricia",
    "Verónica",
    "Yanira",
    "Elsy",
    "Marisol",
];
const MALE: &[&str] = &[
    "José",
    "Juan",
    "Carlos",
    "Luis",
    "Jorge",
    "Mario",
    "Óscar",
    "Miguel",
    "Francisco",
    "Manuel",
    "Roberto",
    "Kevin",
    "Brayan",
    "Jonathan",
    "Édgar",
    "Ángel",
    "Wilfredo",
    "Nelson",
    "René",
    "Julio",
    "Rafael",
    "Douglas",
    "Rubén",
    "Ernesto",
    "Israel",
    "Salvador",
    "Héctor",
    "Joaquín",
    "Cristian",
    "Ismael",
];
const SURNAMES: &[&str] = &[
    "Hernández",
    "García",
    "Martínez",
    "López",
    "Rodríguez",
    "González",
    "Pérez",
    "Ramírez",
    "Flores",
    "Cruz",
    "Rivera",
    "Mejía",
    "Rivas",
    "Portillo",
    "Ramos",
    "Díaz",
    "Reyes",
    "Morales",
    "Castillo",
    "Guevara",
    "Alvarado",
    "Ayala",
    "Romero",
    "Núñez",
    "Velásquez",
    "Orellana",
    "Aguilar",
    "Chávez",
    "Menjívar",
    "Argueta",
    "Quintanilla",
    "Escobar",
    "Villalta",
    "Peña",
    "Serrano",
    "Zelaya",
    "Bonilla",
    "Henríquez",
    "Carranza",
    "Sánchez",
];
const STREETS: &[&str] = &[
    "Colonia Las Margaritas, pasaje 3, casa 14",
    "Reparto Los Santos, calle principal, casa 22",
    "Barrio El Centro, 4.ª avenida norte, casa 7",
    "Colonia San José, polígono B, casa 31",
    "Cantón El Limón, caserío Los Naranjos",
    "Residencial Altavista, senda 9, casa 105",
    "Comunidad La Esperanza, pasaje 1, casa 5",
];

/// The programme started in November 2023: demo dates are drawn around it, not around today, so a seed gives the
/// same data whenever it runs.
pub fn programme_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 11, 1).unwrap_or_default()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub participants: usize,
    pub relatives: usize,
}

struct Gen {
    rng: ChaCha8Rng,
    dui_counter: u32,
}

impl Gen {
    fn id(&mut self, around: NaiveDate) -> Uuid {
        let ms = around
            .and_hms_opt(12, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp_millis() as u64;
        let bytes: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(ms, &bytes).into_uuid()
    }

    fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let days = (to - from).num_days().max(1);
        from + Duration::days(self.rng.random_range(0..days))
    }

    fn birth_for_age(&mut self, min: i32, max: i32) -> NaiveDate {
        let start = programme_start();
        let from =
            NaiveDate::from_ymd_opt(start.year() - max - 1, start.month(), 2).unwrap_or(start);
        let to = NaiveDate::from_ymd_opt(start.year() - min, start.month(), 1).unwrap_or(start);
        self.date_between(from, to)
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list.choose(&mut self.rng).copied().unwrap_or("")
    }

    fn person(
        &mut self,
        role: PersonRole,
        sex: Sex,
        birth: NaiveDate,
        family: (&str, &str),
        place: (&str, &str),
    ) -> PersonFields {
        let names = if sex == Sex::Female { FEMALE } else { MALE };
        let given = if self.rng.random_bool(0.6) {
            format!("{} {}", self.pick(names), self.pick(names))
        } else {
            self.pick(names).to_owned()
        };
        let adult = reintegra_core::date::age_on(birth, programme_start())
            >= reintegra_core::date::ADULT_AGE;
        let dui = (adult && self.rng.random_bool(0.9)).then(|| {
            self.dui_counter += self.rng.random_range(1..5000);
            dui::from_number(self.dui_counter)
        });
        let phone = self.rng.random_bool(0.8).then(|| {
            let first = *[6u32, 7].choose(&mut self.rng).unwrap_or(&7);
            format!(
                "{first}{:03}-{:04}",
                self.rng.random_range(0..1000),
                self.rng.random_range(0..10000)
            )
        });
        let start = programme_start();
        PersonFields {
            role,
            given_names: given,
            first_surname: family.0.to_owned(),
            second_surname: Some(family.1.to_owned()),
            birth_date: birth,
            sex: Some(sex),
            dui,
            municipality: place.0.to_owned(),
            district: Some(place.1.to_owned()),
            address: Some(self.pick(STREETS).to_owned()),
            phone,
            release_date: (role == PersonRole::Participant).then(|| {
                self.date_between(start - Duration::days(120), start + Duration::days(240))
            }),
            consent_date: Some(self.date_between(start, start + Duration::days(300))),
        }
    }
}

/// Fills `store` with a programme of `participants` released people and their families, deterministic for `seed`.
pub fn generate(
    store: &mut Store,
    participants: usize,
    seed: u64,
    today: NaiveDate,
) -> Result<Summary> {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        dui_counter: 1_000_000,
    };
    let start = programme_start();
    let mut relatives = 0;
    store.with_tx(|w| {
        for _ in 0..participants {
            let m = &MUNICIPALITIES[g.rng.random_range(0..MUNICIPALITIES.len())];
            let place = (m.name, g.pick(m.districts));
            let father = g.pick(SURNAMES);
            let mother = g.pick(SURNAMES);
            let sex = if g.rng.random_bool(0.85) {
                Sex::Male
            } else {
                Sex::Female
            };
            let birth = if g.rng.random_bool(0.1) {
                g.birth_for_age(15, 17)
            } else {
                g.birth_for_age(18, 45)
            };
            let p = g.person(PersonRole::Participant, sex, birth, (father, mother), place);
            let id = g.id(start);
            persons::insert_with_id(w, id, &p, today)?;
            for _ in 0..g.rng.random_range(1..=4) {
                // A parent shares a surname; siblings share both; partners and children are drawn on their own.
                let kind = g.rng.random_range(0..4);
                let (sex, birth, family) = match kind {
                    0 => (
                        Sex::Female,
                        g.birth_for_age(38, 70),
                        (mother, g.pick(SURNAMES)),
                    ),
                    1 => (
                        Sex::Male,
                        g.birth_for_age(38, 70),
                        (father, g.pick(SURNAMES)),
                    ),
                    2 => (
                        Sex::Female,
                        g.birth_for_age(18, 40),
                        (g.pick(SURNAMES), g.pick(SURNAMES)),
                    ),
                    _ => {
                        let sex = if g.rng.random_bool(0.5) {
                            Sex::Female
                        } else {
                            Sex::Male
                        };
                        (sex, g.birth_for_age(3, 30), (father, mother))
                    }
                };
                let r = g.person(PersonRole::Relative, sex, birth, family, place);
                let rid = g.id(start);
                persons::insert_with_id(w, rid, &r, today)?;
                relatives += 1;
            }
        }
        Ok(())
    })?;
    Ok(Summary {
        participants,
        relatives,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reintegra_core::wire::DeviceRole;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    #[test]
    fn same_seed_same_data_and_every_record_valid() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut digests = Vec::new();
        for name in ["a.db", "b.db"] {
            let mut s = Store::create(
                &dir.path().join(name),
                "frase de prueba",
                "demo",
                DeviceRole::Field,
            )
            .expect("create");
            let sum = generate(&mut s, 30, 7, today()).expect("generate");
            assert_eq!(sum.participants, 30);
            assert!(sum.relatives >= 30 && sum.relatives <= 120);
            digests.push(s.digest().expect("digest"));
        }
        assert_eq!(digests[0], digests[1]);
        let mut other = Store::create(
            &dir.path().join("c.db"),
            "frase de prueba",
            "demo",
            DeviceRole::Field,
        )
        .expect("create");
        generate(&mut other, 30, 8, today()).expect("generate");
        assert_ne!(other.digest().expect("digest"), digests[0]);
    }
}
