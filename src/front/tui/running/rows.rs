//! What the running screen gives way on when rows run out: its parts in
//! order of need, and the rows each gets.

/// The parts of the running screen, in the order they give way when rows
/// run out: the first ones are what a person glancing over needs most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Step,
    Time,
    Breath,
    Cue,
    StepBar,
    Instructions,
    Next,
    RoutineBar,
    Keys,
    Header,
    Heading,
}

pub(super) const PRIORITY: [Part; 11] = [
    Part::Step,
    Part::Time,
    Part::Breath,
    Part::Cue,
    Part::StepBar,
    Part::Instructions,
    Part::Next,
    Part::RoutineBar,
    Part::Keys,
    Part::Header,
    Part::Heading,
];

/// How many rows each part gets, and the big clock's scale (0: the time
/// is one line of plain digits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Rows {
    pub(super) step: u16,
    pub(super) time: u16,
    pub(super) breath: u16,
    pub(super) cue: u16,
    pub(super) step_bar: u16,
    pub(super) instructions: u16,
    pub(super) next: u16,
    pub(super) routine_bar: u16,
    pub(super) keys: u16,
    pub(super) header: u16,
    pub(super) heading: u16,
    pub(super) scale: u16,
}

impl Rows {
    pub(super) fn get(&mut self, part: Part) -> &mut u16 {
        match part {
            Part::Step => &mut self.step,
            Part::Time => &mut self.time,
            Part::Breath => &mut self.breath,
            Part::Cue => &mut self.cue,
            Part::StepBar => &mut self.step_bar,
            Part::Instructions => &mut self.instructions,
            Part::Next => &mut self.next,
            Part::RoutineBar => &mut self.routine_bar,
            Part::Keys => &mut self.keys,
            Part::Header => &mut self.header,
            Part::Heading => &mut self.heading,
        }
    }
}
