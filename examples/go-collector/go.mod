module cockpit.example/go-collector

go 1.19
