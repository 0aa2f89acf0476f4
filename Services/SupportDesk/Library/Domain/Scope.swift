import Contracts

/// Which tickets an agent sees and changes.
extension SupportDesk.Agent {
    /// Whether the agent may see and change a ticket of this school, network, Schulträger and level.
    public func covers(school: String, network: String, schultraeger: String?, level: Int) -> Bool {
        switch role {
        case .admin: true
        case .coordinator: networks.contains(network)
        case .firstLevel: level == 1 && (schools.contains(school) || networks.contains(network))
        case .secondLevel: level == 2 && schultraeger.map(self.schultraeger.contains) == true
        }
    }

    /// Whether the agent may open a ticket for the school (tickets open at level 1).
    public func mayOpen(school: String, network: String, schultraeger: String?) -> Bool {
        covers(school: school, network: network, schultraeger: schultraeger, level: 1)
            || (role == .secondLevel && schultraeger.map(self.schultraeger.contains) == true)
    }
}
